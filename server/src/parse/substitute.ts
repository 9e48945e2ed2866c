/** Image references are far shorter; past this the regex below backtracks quadratically. */
export const MAX_SUBSTITUTED_LENGTH = 1024;

/** Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME-default}` from ARG defaults. */
export function substituteArgs(text: string, args: ReadonlyMap<string, string>): string {
  if (!text.includes('$') || text.length > MAX_SUBSTITUTED_LENGTH) return text;
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      whole,
      braced: string | undefined,
      op: string | undefined,
      def: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare!;
      const value = args.get(name);
      if (op === ':-') return value ? value : (def ?? '');
      if (op === '-') return value !== undefined ? value : (def ?? '');
      return value ?? whole;
    },
  );
}
