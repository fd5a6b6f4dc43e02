/** Readers for loosely typed hook payloads: each returns undefined rather than trusting a shape. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string field. */
export function str(obj: JsonObject | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The first non-empty string among several spellings of a field (`filePath`, `file_path`, `path`). */
export function firstStr(obj: JsonObject | undefined, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = str(obj, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A list of non-empty strings; a single string counts as a list of one. */
export function strList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** An object field, or an object encoded as a JSON string (Cursor's MCP input, Cline's parameters). */
export function objectOrJson(value: unknown): JsonObject | undefined {
  if (isObject(value)) return value;
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      const parsed: unknown = JSON.parse(value);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A value that may arrive JSON-encoded in a string (Cline passes every parameter as a string). */
export function decoded(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
