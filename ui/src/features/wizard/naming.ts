/** An endpoint name made from a model's name: lower case, only a-z, 0-9, ".", "_" and "-", at most 64 characters. */
export function endpointNameOf(model: string): string {
  return model.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 64)
}

/** `base` when no endpoint has it, else the first free `base-2`, `base-3`, … (shortened to stay within 64 characters). */
export function freeName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = base.slice(0, 64 - suffix.length) + suffix
    if (!used.has(candidate)) return candidate
  }
}
