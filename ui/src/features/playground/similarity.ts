/** Cosine similarity of two vectors of the same length; 0 when either has no length. */
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`vectors of ${a.length} and ${b.length} dimensions`)
  let dot = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    aa += a[i] * a[i]
    bb += b[i] * b[i]
  }
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb)
}

/** Every pair's cosine similarity: row i, column j compares vector i with vector j. */
export function similarityMatrix(vectors: number[][]): number[][] {
  return vectors.map((a) => vectors.map((b) => cosine(a, b)))
}

/** The inputs of the embeddings tab: one per non-empty line. */
export function inputLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
