import { declareNeedles, Haystack } from './haystack';

/**
 * Text in a tool's result that is aimed at the model rather than at the person: instructions to drop the ones it
 * was given, fake conversation turns, requests addressed to "the AI" to run, send or hide something, markup that a
 * person does not see (an HTML comment, an image whose URL carries data out), and characters that hide text.
 *
 * Each pattern is a phrase an attack needs, not a word list: "ignore" or "the agent" alone are everywhere in
 * build logs and READMEs. A weak sign (addressing "the assistant", an `IMPORTANT:` line, a comment) counts only
 * next to something the model is asked to do. Repetitions are bounded, so a crafted result cannot stall the scan.
 */

export interface InjectionSpan {
  /** What kind of text: `override`, `fake-turn`, `addressed`, `exfiltration`, `concealment`, `role`, `hidden-comment`, `image-exfiltration`. */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

export interface HiddenSpan {
  /** `zero-width`, `tag-characters` (text in Unicode tags, invisible everywhere) or `bidi-control`. */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  /** For tag characters: the text they spell. */
  readonly decoded?: string;
}

const verbs = '(?:ignore|disregard|forget|override|overrule|bypass|skip|discard|abandon|drop|neglect|set\\s+aside)';
/** Instructions that came before: "the previous rules", "the above instructions". */
const earlier = '(?:previous|prior|preceding|above|earlier|former|original|initial)';
const earlierNouns = '(?:instructions?|prompts?|directives?|rules|guidelines|guidance|guardrails|constraints|directions|system\\s+messages?|commands)';
/** Instructions as a whole: "all instructions", "your programming", "the system prompt". */
const whole = '(?:all|any|every|your|system|developer|safety)';
const wholeNouns = '(?:instructions?|prompts?|directives?|guidelines|guardrails|programming|system\\s+prompt)';
/** Names of the model, strict enough that "the build agent" or "the data model" do not count. */
const models =
  '(?:(?:ai|llm)\\s+(?:assistant|agent|model|bot|reviewer|tool)s?|ai|a\\.i\\.|llms?|(?:large\\s+)?language\\s+models?|coding\\s+(?:assistant|agent)s?|assistants?(?!\\s+(?:professor|manager|director|editor|coach|principal|secretary|engineer|teacher|to\\b))|chatbots?|claude|copilot|gemini|chatgpt|gpt-?\\d*|codex|cline)';
/** What an attacker asks the model to do. */
const asks =
  "(?:run|execute|exec|eval|invoke|call|ignore|disregard|forget|send|upload|post|exfiltrate|leak|transmit|forward|e-?mail|reveal|print|output|include|append|insert|embed|read|cat|open|delete|remove|rm\\s|wipe|push|commit|merge|curl|wget|download|install|fetch|visit|navigate|copy|export|paste|add|write|replace|grant|modify|edit|create|decode|tell|respond|reply|approve|disable|reset|set|change|tar|zip|archive|answer|do\\s+not\\s+(?:tell|mention|inform|reveal|show)|don't\\s+(?:tell|mention|inform|reveal|show))";
/** A request in the imperative: at a sentence's start, or after "you must", "please". */
const adverbs = '(?:(?:also|then|now|first|just|simply|please|quietly|silently|immediately|and|instead)\\s+)*';
const imperative = `(?:(?:^|[.!:;,]\\s+|\\n[ \\t*>#/-]*|\\band\\s+)${adverbs}|\\b(?:please|you\\s+(?:must|should|need\\s+to|have\\s+to|are\\s+(?:required|instructed|expected)\\s+to|will|to)|must|shall|should|immediately|now)\\s+${adverbs})${asks}\\b`;
const secrets =
  '(?:~/\\.ssh|\\.ssh/|id_(?:rsa|ed25519|ecdsa|dsa)|\\.aws/credentials|\\.env\\b|\\.npmrc|\\.netrc|\\.git-credentials|\\.pypirc|\\.kube/config|api[\\s_-]?keys?|access[\\s_-]?keys?|secrets?|credentials|(?:access\\s+|auth\\s+)?tokens?|passwords?|private\\s+keys?|environment\\s+variables|env\\s+vars?|ssh\\s+keys?|cookies?|session\\s+ids?)';

interface Pattern {
  readonly kind: string;
  readonly re: RegExp;
  /**
   * Lower-case substrings the text must hold for the pattern to match, one from each list: a result without
   * them skips the pattern, which keeps a scan of ordinary output cheap.
   */
  readonly needles?: readonly (readonly string[])[];
}

// Each needle is a word the verb must hold: `set aside` may be broken over a line, so its needle is `aside`.
const verbNeedles = ['ignore', 'disregard', 'forget', 'overrid', 'overrul', 'bypass', 'skip', 'discard', 'abandon', 'drop', 'neglect', 'aside'];
/** The model's names as words: each after a character that can end a word before it (the text starts after one too). */
const modelNeedles = ['ai', 'a.i.', 'llm', 'model', 'assistant', 'agent', 'chatbot', 'claude', 'copilot', 'gemini', 'gpt', 'codex', 'cline'].flatMap((w) =>
  [' ', '\n', '\t', '"', "'", '(', '[', '<', '>', '/', '#', '-', '*', ',', ':', '.', '`', '_', '=', '{', '|', '\\'].map((before) => `${before}${w}`),
);

/** Phrases that are an attack on their own. */
const strong: readonly Pattern[] = [
  // "Ignore all previous instructions", "disregard your system prompt", "forget the above rules" (across a line).
  { needles: [verbNeedles, ['previous', 'prior', 'preceding', 'above', 'earlier', 'former', 'original', 'initial']], kind: 'override', re: new RegExp(`\\b${verbs}\\b[^.!?]{0,40}?\\b${earlier}\\b[^.!?]{0,25}?\\b${earlierNouns}\\b`, 'gi') },
  { needles: [verbNeedles, ['instruction', 'prompt', 'directive', 'guideline', 'guardrail', 'programming']], kind: 'override', re: new RegExp(`\\b${verbs}\\b[^.!?]{0,30}?\\b${whole}\\b[^.!?]{0,20}?\\b${wholeNouns}\\b`, 'gi') },
  { needles: [['follow', 'obey', 'heed', 'listen']], kind: 'override', re: new RegExp(`\\b(?:do\\s+not|don'?t|never|stop)\\s+(?:follow|obey|heed|listen\\s+to)(?:ing)?\\s+(?:the\\s+|your\\s+|any\\s+)?(?:previous|prior|original|initial|system|developer|above|earlier)\\s+${earlierNouns}`, 'gi') },
  { needles: [['void', 'cancel', 'obsolete', 'revoked', 'supersed', 'overrid', 'replaced', 'invalid', 'no longer']], kind: 'override', re: new RegExp(`\\b(?:previous|prior|above|earlier|original|all\\s+other)\\s+${earlierNouns}\\s+(?:are|is|were|have\\s+been)\\s+(?:now\\s+)?(?:void|cancel+ed|obsolete|revoked|superseded|overridden|replaced|invalid|no\\s+longer\\s+(?:valid|apply|applicable|in\\s+effect))`, 'gi') },
  { needles: [['forget', 'ignore', 'disregard'], ['everything', 'all', 'anything'], ['you']], kind: 'override', re: /\b(?:forget|ignore|disregard)\s+(?:everything|all|anything)\s+(?:(?:that\s+)?you(?:'|’)?ve|you\s+have|you\s+were|(?:that\s+)?you\s+(?:were|have\s+been))\s+(?:been\s+)?(?:told|given|instructed|taught|said)/gi },
  { needles: [['instruction'], ['new', 'updated', 'real', 'actual', 'revised', 'override', 'true']], kind: 'override', re: /(?:^|\n)[ \t>*#-]*(?:new|updated|real|actual|revised|override|true)\s+(?:system\s+)?instructions?(?:\s+from\s+[\w ]{1,30})?\s*[:-]/gi },
  // Conversation markup of chat models: a tool result that opens a system or assistant turn.
  { needles: [['<|', '[inst]', '[/inst]', '<<sys>>', '<</sys>>', '<system', '</system', '<assistant', '</assistant', '<admin', '</admin']], kind: 'fake-turn', re: /<\|(?:im_start|im_end|system|assistant|user|endoftext|start_header_id|eot_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|system[-_](?:prompt|message|reminder|instructions?)|assistant|admin[-_]instructions?)>/gi },
  { needles: [['system', 'assistant', 'developer', 'admin'], ['prompt', 'message', 'override', 'instruction', 'note'], [':', ']']], kind: 'fake-turn', re: /(?:^|\n)[ \t#*[]*(?:system|assistant|developer|admin)\s+(?:prompt|message|override|instructions?|note)(?:\s+(?:override|update|change))?\s*[\]:]/gi },
  { needles: [['assistant'], ['human', 'user'], [':']], kind: 'fake-turn', re: /(?:^|\n)[ \t]*(?:Human|User)[ \t]*:[^\n]{1,500}\n(?:[ \t]*\n){0,3}[ \t]*Assistant[ \t]*:/g },
  { needles: [['#'], ['instruction', 'system'], [':']], kind: 'fake-turn', re: /(?:^|\n)[ \t]*#{2,4}[ \t]*(?:Instruction|System)[ \t]*:/gi },
  // Addressed to the model: "Note to the AI agent:", "If you are an LLM reading this", "AI assistants must…".
  { needles: [modelNeedles], kind: 'addressed', re: new RegExp(`\\b(?:attention|note|message|instructions?|important|notice|memo|reminder|request|directive|warning)\\s+(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+|every\\s+)?${models}\\b`, 'gi') },
  { needles: [['you']], kind: 'addressed', re: new RegExp(`\\bif\\s+you\\s+are\\s+(?:an?\\s+)?(?:ai|a\\.i\\.|llm|large\\s+language\\s+model|language\\s+model|(?:ai\\s+|coding\\s+)?(?:assistant|agent)|bot|chatbot|claude|copilot|gemini|chatgpt|codex|cursor|cline)\\b`, 'gi') },
  { needles: [modelNeedles, ['agent', 'assistant', 'model'], ['this', 'these']], kind: 'addressed', re: new RegExp(`\\b(?:ai|llm|language\\s+model|coding)\\s+(?:agents?|assistants?|models?)\\s+(?:reading|processing|parsing|summari[sz]ing|viewing|reviewing|working\\s+on|that\\s+reads?)\\s+(?:this|these)\\b`, 'gi') },
  { needles: [modelNeedles, ['dear', 'hey', 'hello', 'hi']], kind: 'addressed', re: new RegExp(`\\b(?:dear|hey|hello|hi)\\s*,?\\s+(?:ai|llm|assistant|claude|copilot|gemini|chatgpt|codex|cline)\\b[^.!?]{0,200}?\\b${asks}\\b`, 'gi') },
  // New roles.
  { needles: [['now'], ['you']], kind: 'role', re: /\byou\s+are\s+now\s+(?:an?\s+)?(?:DAN\b|jailbroken|unrestricted|unfiltered|uncensored|free\s+of|no\s+longer|in\s+(?:developer|god|admin|debug|unrestricted|jailbreak)\s+mode|(?:a\s+|an\s+)?(?:different|new|evil|unrestricted|rogue)\s+(?:ai|assistant|model|agent))/gi },
  { needles: [['longer', 'your'], ['you']], kind: 'role', re: /\byou\s+are\s+no\s+longer\s+(?:a|an|the|claude|copilot|gemini|chatgpt|bound|restricted|limited|required)\b|\byour\s+(?:new|real|true|actual)\s+(?:role|purpose|task|goal|job|mission|instructions?)\s+(?:is|are)\b/gi },
  { needles: [['now'], ['you']], kind: 'role', re: /\byou(?:\s+are|(?:'|’)re)\s+now\s+(?:called\s+|named\s+)?['‘"“][A-Z]/gi },
  { needles: [['now'], ['from'], ['you']], kind: 'role', re: /\bfrom\s+now\s+on\s*,?\s+you\s+(?:are|will|must|should|shall|may)\b/gi },
  { needles: [['pretend', 'act']], kind: 'role', re: /\b(?:pretend|act)\s+(?:to\s+be|you\s+are|as)\s+(?:an?\s+)?(?:DAN\b|jailbroken|unrestricted|unfiltered|uncensored|evil|rogue|different)\b/gi },
  // Keeping the person out of it.
  { needles: [['user', 'human', 'developer', 'operator', 'person'], ['tell', 'inform', 'mention', 'notify', 'alert', 'show', 'reveal', 'let']], kind: 'concealment', re: /\b(?:do\s+not|don'?t|never)\s+(?:tell|inform|mention\s+(?:this|it)\s+to|notify|alert|show|reveal\s+(?:this|it)\s+to|let)\s+(?:the\s+)?(?:user|human|developer|operator|person)\b/gi },
  { needles: [['user', 'human', 'mention', 'silently', 'quietly', 'secretly'], ['do', 'never', 'need']], kind: 'concealment', re: /\b(?:do\s+not|don'?t|never)\s+(?:show|mention|reveal|display)\s+(?:this|it|these|that)(?:\s+(?:message|note|text|step|instruction|change|comment)s?)?\s+to\s+(?:the\s+)?(?:user|human)\b|\b(?:do\s+not|don'?t|never)\s+ask\s+(?:the\s+)?(?:user|human)\b|\bno\s+need\s+to\s+(?:mention|tell|inform|notify)\b|\b(?:do\s+not|don'?t)\s+mention\s+(?:it|this|that)\b|\bdo\s+(?:it|this|that)\s+(?:silently|quietly|secretly)\b/gi },
  { needles: [['without']], kind: 'concealment', re: /\bwithout\s+(?:telling|informing|notifying|alerting|asking|showing)\s+(?:the\s+)?(?:user|human|developer|operator)\b/gi },
  { needles: [['from'], ['hide', 'conceal', 'keep']], kind: 'concealment', re: /\b(?:hide|conceal|keep)\s+(?:this|these|it|them|the\s+(?:command|action|step|change)s?)\s+(?:secret\s+)?from\s+(?:the\s+)?(?:user|human|developer|operator)\b/gi },
  // Sending a secret file out: a command substitution or a file upload of one, inside a request or a command.
  {
    kind: 'exfiltration',
    needles: [['.ssh/', '.aws/credentials', '.env', '.npmrc', '.netrc', '.git-credentials', '.pypirc', '.kube/config', '.docker/config', '.gnupg/']],
    re: /(?:\$\(\s*(?:cat|base64|head|tail|xxd|gzip\s+-c)\b[^)\n]{0,80}?|`(?:cat|base64)\s[^`\n]{0,80}?|(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file)\s*['"]?[\w-]*=?@)\s*['"]?(?:~|\$HOME|\/(?:home|Users|root)\/[^/\s]+)?\/?(?:\.ssh\/|\.aws\/credentials|\.env\b|\.npmrc|\.netrc|\.git-credentials|\.pypirc|\.kube\/config|\.docker\/config\.json|\.gnupg\/)/gi,
  },
  {
    kind: 'exfiltration',
    needles: [
      ['send', 'upload', 'post', 'exfiltrate', 'leak', 'transmit', 'forward', 'mail'],
      ['http', 'url', 'address', 'endpoint', 'server', 'webhook', 'link', 'site', 'pastebin', 'requestbin', 'ngrok'],
    ],
    re: new RegExp(`\\b(?:send|upload|post|exfiltrate|leak|transmit|forward|e-?mail)\\s+(?:the\\s+|all\\s+|any\\s+|your\\s+|my\\s+|their\\s+|every\\s+)?(?:contents?\\s+of\\s+(?:the\\s+|your\\s+)?)?${secrets}[^.!?\\n]{0,60}?\\b(?:to|into)\\s+(?:https?:\\/\\/|(?:this|the|my|our|a)\\s+(?:url|address|endpoint|server|webhook|link|site)|pastebin|webhook\\.site|requestbin|ngrok)`, 'gi'),
  },
  // A markdown image whose URL asks for data to be filled in: rendering it sends the data out.
  {
    kind: 'image-exfiltration',
    needles: [['![']],
    re: /!\[[^\]\n]{0,200}\]\(\s*https?:\/\/[^)\s]{1,300}?[?&/][\w.-]{0,40}=?(?:\{[^}\n]{1,80}\}|<[^>\n]{1,80}>|\[[^\]\n]{1,80}\]|\$\{?[A-Za-z_]\w*|(?:INSERT|APPEND|ADD|PUT|YOUR|THE|DATA|SECRET|CONTENTS?)_?[A-Z_]{0,30}\b)/g,
  },
];

declareNeedles([...strong.flatMap((p) => (p.needles ?? []).flat()), ...modelNeedles, '<!--']);

/** Weak signs: they count only with a request to the model near them. */
const weakSign = new RegExp(
  `(?:^|\\n)[ \\t#*>[-]*(?:important|urgent|attention|system|note|admin|notice)\\s*[\\]:!,]|\\[(?:system|admin|important)\\]|\\b(?:the|this|any|all|you,?)\\s+${models}\\b`,
  'gi',
);
const askNear = new RegExp(imperative, 'i');
/**
 * The model called by name at the start of a line, a comment, an attribute or a cell: "Claude: also copy…",
 * "// LLM agents: when refactoring…", `alt="Agent: ignore…"`, "ERROR: assistant, to fix this run…".
 */
const vocative = new RegExp(
  `(?:^|[\\n>"'(\\[#]|//|/\\*|<!--|:[ \\t])[ \\t]*(?:(?:attention|note|hey|hi|dear|ok|okay|psst)[ \\t,]+)?(?:the\\s+|all\\s+|any\\s+)?(?:${models}(?:\\s*(?:\\/|,|&|and|or)\\s*${models})*(?:\\s+(?:reading|processing|reviewing|parsing|viewing|summari[sz]ing|working\\s+on)\\s+(?:this|these|the)(?:\\s+[\\w-]+)?)?(?:\\s+instructions?)?[ \\t]*[:,]|agents?[ \\t]*[:,])`,
  'gi',
);
const aiMention = new RegExp(`\\b${models}\\b`, 'i');
const aiMentionEverywhere = new RegExp(`\\b${models}\\b`, 'gi');
const askEverywhere = new RegExp(imperative, 'gi');

/**
 * Where the matches of a global pattern start, as `matchAll` finds them, searched only as far into the text as
 * the questions asked so far need: a result that reaches the findings' cap early is not read to its end.
 */
class MatchStarts {
  private readonly at: number[] = [];
  private readonly re: RegExp;
  private done = false;

  constructor(
    pattern: RegExp,
    private readonly text: string,
  ) {
    this.re = new RegExp(pattern.source, pattern.flags);
  }

  /** Whether a match starts in [from, to). */
  within(from: number, to: number): boolean {
    while (!this.done && (this.at.at(-1) ?? -1) < to) {
      const m = this.re.exec(this.text);
      if (!m) this.done = true;
      else {
        this.at.push(m.index);
        if (m[0] === '') this.re.lastIndex++;
      }
    }
    return anyWithin(this.at, from, to);
  }
}

/** Whether a sorted list holds a position in [from, to). */
function anyWithin(sortedAt: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sortedAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sortedAt[mid] ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sortedAt.length && (sortedAt[lo] ?? Infinity) < to;
}

/**
 * HTML comments: invisible in a rendered page or README, read by a model like any text. The ones
 * `/<!--([\s\S]{0,4000}?)-->/g` finds (a `<!--` and the first `-->` after it, at most 4000 characters apart), found
 * with one search for each end: that pattern reads 4000 characters after every unterminated `<!--`.
 */
function* htmlComments(text: string): Generator<{ readonly start: number; readonly end: number; readonly inner: string }> {
  let close = -1;
  for (let open = text.indexOf('<!--'); open !== -1; ) {
    // The first `-->` after this `<!--`: the one found for an earlier `<!--`, unless it lies before.
    if (close < open + 4) close = text.indexOf('-->', open + 4);
    if (close === -1) return;
    if (close - (open + 4) <= 4000) {
      yield { start: open, end: close + 3, inner: text.slice(open + 4, close) };
      open = text.indexOf('<!--', close + 3);
    } else {
      open = text.indexOf('<!--', open + 1);
    }
  }
}

/**
 * Invisible characters. U+200C/U+200D join letters in Persian, Indic scripts and emoji, so they count only between
 * Latin letters; a byte-order mark counts inside a text, not at the start of one (or of a line: results are joined).
 */
const zeroWidth = /[\u200b\u2060\u180e]+|(?<=[A-Za-z0-9])[\u200c\u200d]+(?=[A-Za-z0-9])|(?<!^|\n)\ufeff+/g;
const tagChars = /(?:\udb40[\udc00-\udc7f])+/g;
const bidi = /[\u202a-\u202e\u2066-\u2069]+/g;

/** The text with invisible characters removed, so `ig\u200bnore previous instructions` reads as it would to a model. */
export function visibleText(text: string): string {
  // Whole runs at once: a result can hold tens of thousands of these characters.
  return text.replace(/(?:[\u200b-\u200d\u2060\u180e\ufeff\u202a-\u202e\u2066-\u2069]|\udb40[\udc00-\udc7f])+/g, '');
}

/** The text with each zero-width space (U+200B, U+2060, U+180E) read as a space. */
export function zeroWidthAsSpaces(text: string): string {
  // A loop, not a replacement: one replacement per character costs ten times more on a text full of them.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x200b || c === 0x2060 || c === 0x180e) {
      out += `${text.slice(from, i)} `;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Invisible characters that hide text from the person reading the result. */
export function findHiddenText(text: string, limit = 50): HiddenSpan[] {
  const found: HiddenSpan[] = [];
  for (const m of text.matchAll(tagChars)) {
    // A subdivision flag (🏴 + tags + cancel tag) is an emoji, not hidden text.
    const prior = text.slice(Math.max(0, m.index - 2), m.index);
    if (prior === '\u{1F3F4}' && m[0].endsWith('\udb40\udc7f')) continue;
    const decoded = [...m[0]].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0xe0000) - 0xe0000)).join('');
    found.push({ kind: 'tag-characters', start: m.index, end: m.index + m[0].length, decoded: decoded.replace(/[^\x20-\x7e]/g, '') });
    if (found.length >= limit) return found;
  }
  for (const [kind, re] of [['zero-width', zeroWidth], ['bidi-control', bidi]] as const) {
    let last: HiddenSpan | undefined;
    let seen = 0;
    for (const m of text.matchAll(re)) {
      // Thousands of runs say no more than fifty do; the scan stays bounded.
      if (++seen > 2_000) break;
      // Neighbouring characters are one finding.
      if (last && m.index - last.end <= 8) {
        last = { ...last, end: m.index + m[0].length };
        found[found.length - 1] = last;
        continue;
      }
      last = { kind, start: m.index, end: m.index + m[0].length };
      found.push(last);
      if (found.length >= limit) return found;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const holdsAll = (hay: Haystack, needles: Pattern['needles']): boolean => !needles || needles.every((any) => hay.holdsAny(any));

/** Whether `findInjections` can find anything in a text that holds what `hay` says: without, it reads nothing. */
export function mayFindInjections(hay: Haystack): boolean {
  return strong.some((p) => holdsAll(hay, p.needles)) || holdsAll(hay, [modelNeedles]);
}

/** Text aimed at the model, in a result already stripped of invisible characters (see `visibleText`). */
export function findInjections(text: string, limit = 50, hay = new Haystack(text)): InjectionSpan[] {
  const found: InjectionSpan[] = [];
  const add = (kind: string, start: number, end: number): boolean => {
    if (!found.some((f) => start < f.end && f.start < end)) found.push({ kind, start, end });
    return found.length >= limit;
  };
  const has = (needles: Pattern['needles']): boolean => holdsAll(hay, needles);
  for (const { kind, re, needles } of strong) {
    if (!has(needles)) continue;
    for (const m of text.matchAll(re)) if (add(kind, m.index, m.index + m[0].length)) return sorted(found);
  }
  const mentionsModel = has([modelNeedles]);
  if (mentionsModel) {
    // Where requests and names of the model are, found once: each sign then looks up its window in them.
    const asksAt = new MatchStarts(askEverywhere, text);
    const modelsAt = new MatchStarts(aiMentionEverywhere, text);
    const sentenceEnd = (from: number): number => {
      const window = text.slice(from, from + 300);
      return from + Math.min(window.length, window.search(/[.!?](?:\s|$)/) + 1 || window.length);
    };
    for (const m of text.matchAll(weakSign)) {
      if (modelsAt.within(m.index, m.index + 300) && asksAt.within(m.index, m.index + 300)) {
        if (add('addressed', m.index, sentenceEnd(m.index))) return sorted(found);
      }
    }
    for (const m of text.matchAll(vocative)) {
      if (asksAt.within(m.index + m[0].length - 1, m.index + 300)) {
        if (add('addressed', m.index, sentenceEnd(m.index))) return sorted(found);
      }
    }
  }
  for (const c of mentionsModel && hay.holds('<!--') ? htmlComments(text) : []) {
    if (aiMention.test(c.inner) && askNear.test(c.inner)) if (add('hidden-comment', c.start, c.end)) return sorted(found);
  }
  return sorted(found);
}

const sorted = <T extends { start: number }>(spans: T[]): T[] => spans.sort((a, b) => a.start - b.start);
