/**
 * Entry point of the chat webview bundle. The host's HTML provides `<div id="root">` and loads this
 * script with a nonce; everything else is built by `startChatWebview`.
 */
import { startChatWebview } from './startChatWebview.js';
import { connectToVsCode } from './hostChannel.js';

startChatWebview(window, connectToVsCode());
