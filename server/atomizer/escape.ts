/** Plain text made safe to read as Markdown: characters Markdown would interpret are escaped. */
export const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>#|~])/g, '\\$1')
