import type { Explanation, SubjectOutcome } from './engine';

/** `airlock explain`'s report: every rule that matched in every layer, and why the winner won. */
export function formatExplanation(e: Explanation): string {
  const lines = [`${e.verdict.decision.toUpperCase()} by ${e.verdict.rule} (${e.verdict.layer}): ${e.verdict.reason}`, ''];
  for (const s of e.subjects) lines.push(...subject(s, ''));
  lines.push('', `How layers combine: ${e.precedence}`);
  return lines.join('\n') + '\n';
}

function subject(s: SubjectOutcome, indent: string): string[] {
  const lines = [`${indent}${s.description} → ${s.verdict.decision} (${s.verdict.rule})`];
  for (const layer of s.layers) {
    if (layer.matches.length === 0) {
      lines.push(`${indent}  ${layer.layer}: no rule matched`);
      continue;
    }
    lines.push(`${indent}  ${layer.layer}:`);
    const sorted = [...layer.matches].sort((a, b) => b.specificity - a.specificity);
    for (const m of sorted) {
      const won = m === layer.winner ? '  ← wins this layer' : '';
      lines.push(`${indent}    ${m.rule.decision.padEnd(5)} ${m.rule.id} [specificity ${m.specificity}]${won}`);
    }
  }
  for (const c of s.children ?? []) lines.push(...subject(c, `${indent}  `));
  return lines;
}
