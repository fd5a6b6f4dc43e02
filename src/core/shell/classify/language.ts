/** The languages whose inline code the shell guard reads (`python -c`, `node -e`, …). */
export type Language = 'python' | 'node' | 'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'awk' | 'applescript' | 'powershell' | 'other';
