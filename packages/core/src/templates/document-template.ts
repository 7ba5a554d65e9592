import { Eta } from 'eta';
import { ByocError } from '../errors/index.js';
import { escapeMarkdown } from './markdown.js';

/**
 * Customer-facing documents (a bundle's README, Azure's request.md) are eta templates, so a vendor
 * can replace byoc-kit's wording with its own (its name, support links, extra steps). `<%= %>`
 * writes a value escaped for Markdown prose: a display name, a description, anything a user typed;
 * `<%~ %>` writes text as it is, for values byoc-kit has validated (ids, regions, CIDRs) and for
 * Markdown the adapter prepared. Whitespace is kept as written; `-%>` drops the newline after a tag.
 */
const eta = new Eta({
  autoEscape: true,
  autoTrim: false,
  escapeFunction: (value: unknown) => escapeMarkdown(String(value)),
  useWith: false,
  varName: 'it',
  cache: false,
});

/** A compiled document: data in, Markdown out. */
export type DocumentRenderer<T extends object> = (data: T) => string;

/**
 * Compiles a document template. Raises `DOCUMENT_TEMPLATE_INVALID` naming the document when the
 * template does not compile; a template that fails while rendering raises the same code then.
 */
export function compileDocument<T extends object>(name: string, source: unknown): DocumentRenderer<T> {
  if (typeof source !== 'string' || source.length > 100_000) {
    throw new ByocError({
      code: 'DOCUMENT_TEMPLATE_INVALID',
      message: `The ${name} template must be an eta template string of at most 100,000 characters.`,
      details: { document: name },
    });
  }
  let compiled: ReturnType<Eta['compile']>;
  try {
    compiled = eta.compile(source);
  } catch (error) {
    throw invalid(name, error);
  }
  return (data) => {
    try {
      return compiled.call(eta, data);
    } catch (error) {
      throw invalid(name, error);
    }
  };
}

function invalid(name: string, error: unknown): ByocError {
  const reason = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 300) : String(error).slice(0, 300);
  return new ByocError({
    code: 'DOCUMENT_TEMPLATE_INVALID',
    message: `The ${name} template failed: ${reason}. Fix the template (eta syntax: <%= escaped %>, <%~ raw %>, <% code %>).`,
    details: { document: name },
    cause: error,
  });
}

/**
 * A vendor's template compiled now, so a bad one fails the settings at once; without one, the
 * built-in template, compiled on first render so importing an adapter compiles nothing.
 */
export function compileDocumentOr<T extends object>(name: string, given: unknown, builtIn: string): DocumentRenderer<T> {
  if (given !== undefined) return compileDocument<T>(name, given);
  let compiled: DocumentRenderer<T> | undefined;
  return (data) => {
    compiled ??= compileDocument<T>(name, builtIn);
    return compiled(data);
  };
}
