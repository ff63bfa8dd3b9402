import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { MementoConversationStore } from '../../src/host/conversationStore.js';
import type { StoredConversation } from '../../src/core/conversation.js';

function memento() {
  const values = new Map<string, unknown>();
  const updates: unknown[] = [];
  const store: vscode.Memento = {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => {
      updates.push(value);
      values.set(key, value);
    },
  } as vscode.Memento;
  return { store, updates };
}

const conversation = (id: string) => ({ id }) as unknown as StoredConversation;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MementoConversationStore', () => {
  it('writes a moment after a save, once, the newest conversation', async () => {
    const { store, updates } = memento();
    const conversations = new MementoConversationStore(store, 5);
    conversations.save(conversation('a'));
    conversations.save(conversation('b'));
    assert.equal(updates.length, 0, 'nothing is written at once');
    assert.deepEqual(conversations.load(), { id: 'b' }, 'a load meanwhile sees the newest');
    await wait(20);
    assert.deepEqual(updates, [{ id: 'b' }]);
    assert.deepEqual(conversations.load(), { id: 'b' });
  });

  it('writes what is pending when the extension stops', () => {
    const { store, updates } = memento();
    const conversations = new MementoConversationStore(store, 60_000);
    conversations.save(conversation('a'));
    conversations.dispose();
    assert.deepEqual(updates, [{ id: 'a' }]);
  });

  it('once the extension is stopping, writes each save at once (a turn Stop ended may save after that)', () => {
    const { store, updates } = memento();
    const conversations = new MementoConversationStore(store, 60_000);
    conversations.dispose();
    conversations.save(conversation('late'));
    assert.deepEqual(updates, [{ id: 'late' }]);
  });
});
