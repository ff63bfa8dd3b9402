/** Markdown that exercises every block boundary rule of the streaming renderer. */

const longCode = Array.from({ length: 400 }, (_, i) => `  const value${i} = compute(${i}, "text ${i}"); // line ${i}`).join('\n');

export const RICH_SAMPLE = `# Streaming sample

Setext heading
--------------

A paragraph with *emphasis*, **strong**, \`inline code\`, a [safe link](https://example.com) and a
[bad link](javascript:alert(1)) that loses its href. Raw <b onclick="x()">html</b> stays text.

Text right before a fence:
\`\`\`ts
export function greet(name: string): string {

  return \`Hello, \${name}\`;
}
\`\`\`
Text right after a fence.

- tight item one
- tight item two
  continued lazily
- tight item three

1. loose item one

2. loose item two

   with a second paragraph

3. loose item three
   \`\`\`bash
   npm install

   npm test
   \`\`\`

- [x] done task
- [ ] open task
    - nested item
    - another nested

| Column A | Column B | Right |
|:---------|:--------:|------:|
| a1       | b1       | 1     |
| a2       | \`b2\`   | 22    |

> a quote
> on two lines

> another quote, separate

    indented code line 1

    indented code after blank

~~~python
def f():
    return "~~~ not a closer"
~~~

\`\`\`\`markdown
\`\`\`js
nested fence text
\`\`\`
\`\`\`\`

- list before fence
\`\`\`
fence ends the list
\`\`\`

***

\`\`\`js
${longCode}
\`\`\`

Final paragraph with an image ![remote](https://example.com/a.png) and trailing text.
`;

export const UNCLOSED_FENCE_SAMPLE = `Intro paragraph.

\`\`\`python
def unfinished():

    pass
`;

export const LINK_REFERENCE_SAMPLE = `See [the docs][docs] for more.

Another paragraph.

[docs]: https://example.com/docs
`;

// Building blocks for random documents: every rule of the block scanner, and ways to confuse it.
export const MARKDOWN_PIECES = [
  'para one\n', 'para *two*\n', '\n', '\n', '\n', '- item\n', '- item b\n', '  indented cont\n', '    deep indent\n',
  '1. first\n', '2) second\n', '10. tenth\n', '```\n', '```js\n', '~~~\n', '````\n', '   ```\n', '- ```ts\n', '  ```\n',
  '> quote\n', '> ```\n', '>\n', '| a | b |\n', '|---|---|\n', '| 1 | 2 |\n', '# head\n', 'under\n===\n', '---\n', '***\n',
  '\tTabbed\n', '  two spaces\n', '* star\n', '+ plus\n', '[ref]: https://x.y\n', 'see [ref]\n', '<div>\n', '</div>\n',
  '<!-- c -->\n', 'text``` \n', ' - spaced item\n', '     code5\n', '- [ ] task\n', '1.\n', '-\n', '```~~\n', '``` x\n',
  '> - q item\n', 'lazy line\n', 'crlf line\r\n', '\r\n', '  - nested\n', '    - nested2\n', '      ```\n', '> > deep\n',
  '1. ```sh\n', '   ```\n', '- # h\n', '* * *\n', '<pre>\n', '\ttab code\n',
];

/** A document of 5 to 44 random pieces. */
export function randomDocument(random: () => number): string {
  let doc = '';
  const pieces = 5 + Math.floor(random() * 40);
  for (let i = 0; i < pieces; i++) doc += MARKDOWN_PIECES[Math.floor(random() * MARKDOWN_PIECES.length)];
  return doc;
}
