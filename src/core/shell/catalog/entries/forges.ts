import type { CatalogEntry, Form } from '../types';

const open = (does: Form['does'], what?: string, extra: Partial<Form> = {}): Form => ({ does, ...(what ? { what } : {}), open: true, ...extra });
const read = open(['network']);
const change = open(['remote-change']);

/** `gh api` / `glab api`: the method decides; fields imply POST; `@file` values and `--input` send files. */
const api: Form = open(['network'], 'calls the API', {
  options: {
    '-X|--method': { value: true, when: /^delete$/i, does: ['destroys'], what: 'sends a DELETE request to the forge API' },
    '--input': { value: true, role: 'upload' },
    '-f|--raw-field|-F|--field': { value: true, does: ['remote-change'], what: 'sends a request that changes forge state' },
    '-H|--header|-q|--jq|-t|--template|--hostname|--cache': { value: true },
    '--paginate|-i|--include|--silent|--verbose|--slurp': {},
  },
  operandFacts: [],
});

const gh: CatalogEntry = {
  names: ['gh'],
  source: 'GitHub CLI manual (cli.github.com/manual): gist create, release upload/create with files, auth token, repo delete, api',
  does: ['network'],
  globals: { '-R|--repo': { value: true } },
  subs: {
    auth: { does: ['network'], subs: { token: open(['credential'], 'prints the GitHub token'), status: open(['network'], undefined, { options: { '-t|--show-token': { does: ['credential'], what: 'prints the GitHub token' }, '-h|--hostname': { value: true } } }), login: open(['network']), logout: open(['writes']), refresh: open(['network']), 'setup-git': open(['writes']), switch: open(['writes']) } },
    gist: { does: ['network'], subs: { create: open(['uploads'], 'uploads files to a gist', { operands: 'upload', options: { '-p|--public|-w|--web': {}, '-d|--desc|-f|--filename': { value: true } } }), new: open(['uploads'], 'uploads files to a gist', { operands: 'upload' }), edit: open(['remote-change'], undefined, { options: { '-a|--add': { value: true, role: 'upload' }, '-f|--filename|-d|--desc': { value: true } } }), delete: open(['destroys'], 'deletes a gist'), list: read, view: read, clone: open(['network']), rename: change } },
    release: { does: ['network'], subs: { create: open(['publishes'], 'creates a release', { skip: 1, operands: 'upload', options: { '-n|--notes|-t|--title|--target|-F|--notes-file|--discussion-category|--notes-start-tag': { value: true }, '-d|--draft|-p|--prerelease|--generate-notes|--latest|--verify-tag': {} } }), upload: open(['uploads'], 'uploads files to a release', { skip: 1, operands: 'upload', options: { '--clobber': {} } }), delete: open(['destroys'], 'deletes a release'), 'delete-asset': open(['destroys'], 'deletes a release asset'), edit: change, list: read, view: read, download: open(['network'], undefined, { options: { '-D|--dir|-O|--output': { value: true, role: 'write' }, '-p|--pattern|-A|--archive': { value: true } } }) } },
    repo: {
      does: ['network'],
      subs: {
        delete: open(['destroys'], 'deletes a repository'),
        archive: open(['remote-change'], 'archives a repository'),
        create: open(['remote-change'], 'creates a repository', { options: { '--push': { does: ['uploads'], what: 'creates a repository and pushes local commits to it' }, '--public': { does: ['uploads'], what: 'creates a public repository' }, '-s|--source': { value: true, role: 'read-tree' }, '-d|--description|-r|--remote|-g|--gitignore|-l|--license|-t|--team|-p|--template|-h|--homepage': { value: true }, '--private|--internal|-c|--clone|--disable-issues|--disable-wiki|--include-all-branches|--add-readme': {} } }),
        edit: open(['remote-change'], 'changes repository settings', { options: { '--visibility': { value: true, when: /^public$/i, does: ['uploads'], what: 'makes the repository public' } } }),
        rename: change,
        fork: change,
        sync: change,
        'set-default': open(['writes']),
        clone: open(['network']),
        list: read,
        view: read,
        deploy_key: change,
        'deploy-key': { does: ['network'], subs: { add: open(['remote-change'], 'adds a deploy key (lasting access to the repository)'), delete: open(['destroys']), list: read } },
        autolink: change,
        gitignore: read,
        license: read,
      },
    },
    pr: { does: ['network'], subs: { create: change, merge: change, close: change, reopen: change, edit: change, comment: change, review: change, ready: change, lock: change, unlock: change, revert: change, 'update-branch': change, checkout: open(['writes']), list: read, view: read, diff: read, checks: read, status: read } },
    issue: { does: ['network'], subs: { create: change, close: change, reopen: change, edit: change, comment: change, lock: change, unlock: change, pin: change, unpin: change, transfer: change, develop: change, delete: open(['destroys'], 'deletes an issue'), list: read, view: read, status: read } },
    run: { does: ['network'], subs: { cancel: change, rerun: change, delete: open(['destroys'], 'deletes workflow runs'), list: read, view: read, watch: read, download: open(['writes']) } },
    workflow: { does: ['network'], subs: { run: change, enable: change, disable: change, list: read, view: read } },
    cache: { does: ['network'], subs: { delete: open(['destroys'], 'deletes caches'), list: read } },
    secret: { does: ['network'], subs: { set: open(['remote-change'], 'sets a secret', { options: { '-f|--env-file': { value: true, role: 'upload' }, '-b|--body': { value: true } } }), delete: open(['destroys'], 'deletes a secret'), remove: open(['destroys'], 'deletes a secret'), list: read } },
    variable: { does: ['network'], subs: { set: change, delete: open(['destroys']), get: read, list: read } },
    'ssh-key': { does: ['network'], subs: { add: open(['remote-change'], 'adds an SSH key to the account (lasting access)'), delete: open(['destroys']), list: read } },
    'gpg-key': { does: ['network'], subs: { add: change, delete: open(['destroys']), list: read } },
    label: { does: ['network'], subs: { delete: open(['destroys'], 'deletes a label'), create: change, edit: change, clone: change, list: read } },
    project: { does: ['network'], verbs: [{ match: /^delete$/, does: ['destroys'] }, { match: /^(list|view|field-list|item-list)$/, does: ['network'] }, { match: /./, does: ['remote-change'] }] },
    codespace: { does: ['network'], subs: { ssh: open(['remote-shell'], 'opens a shell in a codespace'), cp: open(['remote-shell'], 'copies files to or from a codespace'), 'ports': open(['remote-shell']), code: open(['remote-shell']), jupyter: open(['remote-shell']), delete: open(['destroys'], 'deletes codespaces'), create: change, stop: change, edit: change, rebuild: change, list: read, view: read, logs: read } },
    extension: { does: ['network'], subs: { install: open(['installs'], 'installs a gh extension (runs its code)'), upgrade: open(['installs']), remove: open(['writes']), list: read, browse: read, search: read, exec: open(['runs-code']), create: open(['writes']) } },
    alias: { does: ['reads'], subs: { set: open(['writes'], 'defines a gh alias', { options: { '-s|--shell': { does: ['runs-code'], what: 'defines a gh alias that runs a shell command' } } }), delete: open(['writes']), list: open(['reads']), import: open(['writes']) } },
    config: { does: ['reads'], subs: { set: open(['writes']), get: open(['reads']), list: open(['reads']), 'clear-cache': open(['writes']) } },
    api,
    browse: read,
    search: read,
    status: read,
    org: read,
    ruleset: read,
    attestation: read,
    copilot: open(['agent']),
    completion: open(['reads']),
    version: open(['reads']),
    help: open(['reads']),
  },
};

const glab: CatalogEntry = {
  names: ['glab'],
  source: 'GitLab CLI docs (gitlab.com/gitlab-org/cli/-/tree/main/docs): snippet create, release create/upload, auth status -t, repo delete, api',
  does: ['network'],
  globals: { '-R|--repo': { value: true } },
  subs: {
    auth: { does: ['network'], subs: { status: open(['network'], undefined, { options: { '-t|--show-token': { does: ['credential'], what: 'prints the GitLab token' } } }), login: open(['network']), logout: open(['writes']) } },
    snippet: { does: ['network'], subs: { create: open(['uploads'], 'uploads files to a snippet', { operands: 'upload', options: { '-t|--title|-d|--description|-f|--filename|-v|--visibility': { value: true }, '-p|--personal': {} } }), new: open(['uploads'], 'uploads files to a snippet', { operands: 'upload' }) } },
    release: { does: ['network'], subs: { create: open(['publishes'], 'creates a release', { skip: 1, operands: 'upload', options: { '-n|--name|-N|--notes|-F|--notes-file|-r|--ref|-m|--milestone|-a|--assets-links|--released-at|--tag-message': { value: true } } }), upload: open(['uploads'], 'uploads files to a release', { skip: 1, operands: 'upload' }), delete: open(['destroys'], 'deletes a release'), list: read, view: read, download: open(['writes']) } },
    repo: { does: ['network'], subs: { delete: open(['destroys'], 'deletes a project'), archive: open(['network']), create: change, fork: change, clone: open(['network']), list: read, view: read, transfer: change, mirror: change, update: change } },
    mr: { does: ['network'], verbs: [{ match: /^delete$/, does: ['destroys'] }, { match: /^(list|view|diff|issues)$/, does: ['network'] }, { match: /^checkout$/, does: ['writes'] }, { match: /./, does: ['remote-change'] }] },
    issue: { does: ['network'], verbs: [{ match: /^delete$/, does: ['destroys'] }, { match: /^(list|view|board)$/, does: ['network'] }, { match: /./, does: ['remote-change'] }] },
    ci: { does: ['network'], verbs: [{ match: /^delete$/, does: ['destroys'] }, { match: /^(list|view|status|trace|lint|get|config)$/, does: ['network'] }, { match: /./, does: ['remote-change'] }] },
    variable: { does: ['network'], subs: { set: change, update: change, delete: open(['destroys']), get: open(['credential'], 'prints a CI/CD variable (often a secret)'), list: read, export: open(['credential'], 'prints CI/CD variables (often secrets)') } },
    'ssh-key': { does: ['network'], subs: { add: open(['remote-change'], 'adds an SSH key to the account (lasting access)'), delete: open(['destroys']), list: read, get: read } },
    api,
    label: { does: ['network'], subs: { delete: open(['destroys']), create: change, list: read } },
    config: { does: ['reads'], subs: { set: open(['writes']), get: open(['reads']) } },
    alias: { does: ['reads'], subs: { set: open(['writes']), delete: open(['writes']), list: open(['reads']) } },
    version: open(['reads']),
    help: open(['reads']),
  },
};

/** Package publishing (npm-publish(1), mvn deploy, gradle publish, twine upload, cargo publish, ...). */
export const publishEntries: readonly CatalogEntry[] = [
  gh,
  glab,
  {
    names: ['twine'],
    source: 'twine docs (twine.readthedocs.io): upload, check, register',
    modules: ['twine'],
    does: ['reads'],
    subs: { upload: open(['publishes'], 'uploads distributions to a package index', { operands: 'read' }), register: open(['publishes']), check: open(['reads'], undefined, { operands: 'read' }) },
  },
  {
    names: ['mvn', 'mvnw', 'mvnd'],
    source: 'Maven lifecycle reference (maven.apache.org/guides/introduction/introduction-to-the-lifecycle.html): deploy, release:perform, site-deploy',
    does: ['runs-code'],
    open: true,
    options: { '-f|--file|-s|--settings|-gs|--global-settings|-pl|--projects|-P|--activate-profiles|-T|--threads|-rf|--resume-from|-t|--toolchains|-l|--log-file|-D': { value: true } },
    operandFacts: [
      { match: /^(deploy|site-deploy|[\w.-]+:deploy(-file)?|release:perform|[\w.-]*nexus[\w.-]*:(release|deploy)|[\w.-]+:publish|jib:build|dockerfile:push|docker:push)$/, does: ['publishes'], what: 'publishes artifacts' },
      { match: /^(flyway:clean|liquibase:dropAll)$/, does: ['destroys-data'], what: 'drops every object in the database' },
      { match: /^(flyway:|liquibase:)/, does: ['database'] },
    ],
  },
  {
    names: ['gradle', 'gradlew'],
    source: 'Gradle maven-publish plugin (docs.gradle.org/current/userguide/publishing_maven.html): publish, publish<Pub>To<Repo>Repository; publishToMavenLocal stays local',
    does: ['runs-code'],
    open: true,
    options: { '-p|--project-dir|-b|--build-file|-c|--settings-file|-g|--gradle-user-home|-I|--init-script|-x|--exclude-task|-P|--project-prop|-D|--system-prop|--max-workers|--console|--warning-mode': { value: true } },
    operandFacts: [
      { match: /^(:?[\w-]+:)*(publish(?!ToMavenLocal$)(?!.*ToMavenLocal$)\w*|uploadArchives|artifactoryPublish|bintrayUpload|publishPlugins|jib|dockerPush\w*|pushImage)$/, does: ['publishes'], what: 'publishes artifacts' },
      { match: /^(:?[\w-]+:)*(flywayClean)$/, does: ['destroys-data'], what: 'drops every object in the database' },
    ],
  },
  {
    names: ['goreleaser', 'changeset', 'lerna', 'vsce', 'ovsx', 'jsr', 'pod'],
    source: 'goreleaser release, semantic-release, changeset publish, lerna publish, vsce publish/unpublish, ovsx publish, jsr publish, pod trunk push',
    does: ['runs-code'],
    open: true,
    operandFacts: [
      { match: /^(unpublish|delete)$/, does: ['destroys'], what: 'removes a published package' },
      { match: /^(publish|release|version|push|trunk)$/, does: ['publishes'], what: 'publishes a release' },
    ],
  },
  {
    names: ['semantic-release', 'release-it', 'np'],
    source: 'semantic-release, release-it and np publish a release by default',
    does: ['publishes'],
    what: 'publishes a release',
    open: true,
  },
];
