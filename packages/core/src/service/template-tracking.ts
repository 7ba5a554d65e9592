import type { CloudProviderId, CustomCloud } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CloudProviderV1, TemplateBundle, TemplateFormat } from '../provider/index.js';
import type { TemplateManifestStore } from '../store/index.js';
import { diffTemplates, type TemplateChange, type TemplateManifest, whatChangesMarkdown } from '../templates/index.js';

/** What `templateStatus` returns. */
export interface TemplateStatus {
  /** The version the cloud was last verified with; `null` before its first verification. */
  readonly applied: string | null;
  /** The version the provider renders now. */
  readonly current: string;
  readonly upToDate: boolean;
  /** What going from `applied` to `current` removes, then adds; empty when up to date or never applied. */
  readonly changes: readonly TemplateChange[];
}

/** What `getTemplateUpgrade` returns. */
export interface TemplateUpgrade {
  readonly from: string;
  readonly to: string;
  readonly changes: readonly TemplateChange[];
  /** The current bundle; its README.md and `instructions` open with a "What changes" section. */
  readonly bundle: TemplateBundle;
  /** Where the customer updates the applied stack in place (AWS CloudFormation: the update-stack link). */
  readonly updateLink?: string | undefined;
}

/**
 * Template versions over time: which version a cloud runs, what the current one changes, and the
 * upgrade bundle. Manifests are immutable per version, so they and their diffs are cached here.
 */
export function createTemplateTracking(context: {
  readonly load: (id: string) => Promise<CustomCloud>;
  readonly providerFor: (id: CloudProviderId) => CloudProviderV1;
  readonly templates: TemplateManifestStore | undefined;
  readonly render: (cloud: CustomCloud, format: TemplateFormat | undefined) => Promise<TemplateBundle>;
}) {
  const manifests = new Map<string, TemplateManifest>();
  const diffs = new Map<string, TemplateChange[]>();

  const currentOf = (provider: CloudProviderV1): TemplateManifest => {
    if (!provider.describeTemplate) {
      throw new ByocError({
        code: 'TEMPLATE_VERSION_UNSUPPORTED',
        message: `The ${provider.id} provider does not describe its template, so its clouds have no template versions.`,
        details: { provider: provider.id },
      });
    }
    const manifest = provider.describeTemplate();
    manifests.set(manifest.version, manifest);
    return manifest;
  };

  const manifestOf = async (cloud: CustomCloud, version: string): Promise<TemplateManifest> => {
    const manifest = manifests.get(version) ?? (await context.templates?.get(version));
    if (manifest === undefined) {
      throw new ByocError({
        code: 'TEMPLATE_VERSION_UNKNOWN',
        message: `Custom cloud ${cloud.id} runs template version ${version}, whose manifest is not stored; use a store that keeps templates (every byoc-kit store does) and keep the versions clouds still run.`,
        details: { version },
      });
    }
    if (manifests.size > 1_000) manifests.clear();
    manifests.set(version, manifest);
    return manifest;
  };

  const changesBetween = async (cloud: CustomCloud, from: string, current: TemplateManifest): Promise<TemplateChange[]> => {
    if (from === current.version) return [];
    const key = `${from}>${current.version}`;
    let changes = diffs.get(key);
    if (changes === undefined) {
      changes = diffTemplates(await manifestOf(cloud, from), current);
      if (diffs.size > 1_000) diffs.clear();
      diffs.set(key, changes);
    }
    return changes;
  };

  const status = async (id: string): Promise<TemplateStatus> => {
    const cloud = await context.load(id);
    const current = currentOf(context.providerFor(cloud.provider));
    const applied = cloud.templateVersion ?? null;
    return {
      applied,
      current: current.version,
      upToDate: applied === current.version,
      changes: applied === null ? [] : await changesBetween(cloud, applied, current),
    };
  };

  const upgrade = async (id: string, options: { format?: TemplateFormat } = {}): Promise<TemplateUpgrade> => {
    const cloud = await context.load(id);
    const provider = context.providerFor(cloud.provider);
    const current = currentOf(provider);
    const applied = cloud.templateVersion;
    if (applied === undefined || applied === null) {
      throw new ByocError({
        code: 'TEMPLATE_NOT_APPLIED',
        message: `Custom cloud ${cloud.id} has not been verified yet: give the customer the current template (getTemplate), not an upgrade.`,
        details: { state: cloud.state },
      });
    }
    const changes = await changesBetween(cloud, applied, current);
    const bundle = await context.render(cloud, options.format);
    const section = whatChangesMarkdown(changes, { from: applied, to: current.version });
    const withChanges = (text: string) => {
      const steps = text.indexOf('\n## ');
      return steps === -1 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, steps + 1)}${section}\n${text.slice(steps + 1)}`;
    };
    return {
      from: applied,
      to: current.version,
      changes,
      bundle: {
        ...bundle,
        files: bundle.files.map((file) => (file.path === 'README.md' ? { ...file, contents: withChanges(file.contents) } : file)),
        instructions: withChanges(bundle.instructions),
      },
      updateLink: provider.templateUpgradeLink?.(cloud, bundle.format),
    };
  };

  /** The version to record on a cloud whose verification succeeded, its manifest stored first. */
  const versionToRecord = async (provider: CloudProviderV1): Promise<string | undefined> => {
    if (!provider.describeTemplate) return undefined;
    const manifest = currentOf(provider);
    await context.templates?.put(manifest);
    return manifest.version;
  };

  return { status, upgrade, versionToRecord };
}

/** The template versions of one service. */
export type TemplateTracking = ReturnType<typeof createTemplateTracking>;
