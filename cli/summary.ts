/**
 * What the human and markdown outputs show, computed once from a plan document: the resource tree,
 * and for each distribution configuration one row per region.
 */
import {
    PlanBackend,
    PlanDocument,
    PlanHomeRegion,
    PlanResource,
    backendOf,
    parseUrn,
    savedHomeRegion,
} from "./document";
import { distributionConfigurationArn } from "./arn";
import { PLACEHOLDER_ACCOUNT, SECRET, UNKNOWN } from "./constants";
import { Json, isObject } from "./json";

/** A resource and its children. */
export interface TreeNode {
    resource: PlanResource;
    children: TreeNode[];
}

/** One region of a distribution configuration, as the tables show it. */
export interface RegionRow {
    region: string;
    /** The AMI's name. */
    amiName: string[];
    /** Accounts the AMI is copied to (`targetAccountIds`). */
    copiedTo: string[];
    /** Who may launch the AMI (`launchPermission`). */
    sharedWith: string[];
    kmsKey: string[];
    amiTags: string[];
    launchTemplates: string[];
    fastLaunch: string[];
    s3Export: string[];
    ssmParameters: string[];
    container: string[];
    licenses: string[];
}

/** The columns of a region table, in order. */
export const COLUMNS: readonly { key: Exclude<keyof RegionRow, "region">; title: string }[] = [
    { key: "amiName", title: "AMI name" },
    { key: "copiedTo", title: "Copied to" },
    { key: "sharedWith", title: "Shared with" },
    { key: "kmsKey", title: "KMS key" },
    { key: "launchTemplates", title: "Launch templates" },
    { key: "fastLaunch", title: "Fast launch" },
    { key: "s3Export", title: "S3 export" },
    { key: "ssmParameters", title: "SSM parameter" },
    { key: "container", title: "Container" },
    { key: "amiTags", title: "AMI tags" },
    { key: "licenses", title: "Licenses" },
];

/** A distribution configuration of the plan. */
export interface ConfigurationSummary {
    /** The URN of the resource. */
    resource: string;
    /** The resource's logical name. */
    resourceName: string;
    /** The backend: `aws` or `aws-native`. */
    backend: PlanBackend;
    /** The configuration's name (the API's `name`). */
    name: string;
    description?: string;
    tags: string[];
    /** The region the configuration lives in and where that comes from, when the plan states it. */
    homeRegion?: PlanHomeRegion;
    /**
     * The ARN that AWS derives from the name in the home region (the deploying account as
     * `PLACEHOLDER_ACCOUNT`); undefined when the name or the home region is not known offline.
     */
    arn?: string;
    /** One row per region, in the order of the request (sorted by region); none when not known. */
    regions: RegionRow[];
    /**
     * False when the distributions are not known offline as a whole (a region is an Output that only a
     * deployment resolves): then there are no rows.
     */
    regionsKnown: boolean;
}

/** What the plan says of distributions that are not known offline as a whole. */
export const REGIONS_NOT_KNOWN = "not known offline (a region is an Output that only a deployment resolves)";

/** A value as text: strings as they are, anything else as JSON. */
export function text(v: Json | undefined): string {
    if (v === undefined || v === null) {
        return "";
    }
    return typeof v === "string" ? v : JSON.stringify(v);
}

function list(v: Json | undefined): Json[] {
    if (v === undefined || v === null) {
        return [];
    }
    return Array.isArray(v) ? v : [v];
}

function obj(v: Json | undefined): Record<string, Json> | undefined {
    return isObject(v) ? (v as Record<string, Json>) : undefined;
}

/** A map as `key=value` items (or the redacted marker). */
function pairs(v: Json | undefined): string[] {
    const o = obj(v);
    if (o === undefined) {
        return v === undefined || v === null ? [] : [text(v)];
    }
    return Object.keys(o)
        .sort()
        .map((k) => `${k}=${text(o[k])}`);
}

/** Who an AMI is shared with, in short: accounts, `all` (public), organizations and OUs by id. */
function sharing(v: Json | undefined): string[] {
    const lp = obj(v);
    if (lp === undefined) {
        return v === undefined || v === null ? [] : [text(v)];
    }
    const out: string[] = [];
    for (const u of list(lp.userIds)) {
        out.push(text(u));
    }
    for (const g of list(lp.userGroups)) {
        out.push(g === "all" ? "all (public)" : `group ${text(g)}`);
    }
    for (const o of list(lp.organizationArns)) {
        const m = /organization\/(o-[a-z0-9]+)$/.exec(text(o));
        out.push(m ? `organization ${m[1]}` : text(o));
    }
    for (const ou of list(lp.organizationalUnitArns)) {
        const m = /\/(ou-[0-9a-z]+-[0-9a-z]+)$/.exec(text(ou));
        out.push(m ? `OU ${m[1]}` : text(ou));
    }
    return out;
}

function launchTemplate(v: Json): string {
    const lt = obj(v);
    if (lt === undefined) {
        return text(v);
    }
    const notes: string[] = [];
    if (lt.accountId !== undefined) {
        notes.push(`account ${text(lt.accountId)}`);
    }
    if (lt.setDefaultVersion === true) {
        notes.push("set as default");
    } else if (lt.setDefaultVersion !== undefined && lt.setDefaultVersion !== false) {
        notes.push(`default ${text(lt.setDefaultVersion)}`);
    }
    return `${text(lt.launchTemplateId)}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

function fastLaunch(v: Json): string {
    const fl = obj(v);
    if (fl === undefined) {
        return text(v);
    }
    const parts: string[] = [fl.enabled === true ? "enabled" : fl.enabled === false ? "disabled" : text(fl.enabled)];
    if (fl.maxParallelLaunches !== undefined) {
        parts.push(`${text(fl.maxParallelLaunches)} parallel`);
    }
    const snap = obj(fl.snapshotConfiguration);
    if (snap && snap.targetResourceCount !== undefined) {
        parts.push(`${text(snap.targetResourceCount)} snapshots`);
    }
    const lt = obj(fl.launchTemplate);
    if (lt) {
        const id = lt.launchTemplateId ?? lt.launchTemplateName;
        parts.push(
            `template ${text(id ?? "")}${lt.launchTemplateVersion !== undefined ? ` v${text(lt.launchTemplateVersion)}` : ""}`.trim(),
        );
    }
    if (fl.accountId !== undefined) {
        parts.push(`account ${text(fl.accountId)}`);
    }
    return parts.join(", ");
}

function s3Export(v: Json | undefined): string[] {
    const s3 = obj(v);
    if (s3 === undefined) {
        return v === undefined || v === null ? [] : [text(v)];
    }
    const prefix = s3.s3Prefix !== undefined ? text(s3.s3Prefix) : "";
    return [`${text(s3.diskImageFormat)} to s3://${text(s3.s3Bucket)}/${prefix} (role ${text(s3.roleName)})`];
}

function ssmParameter(v: Json): string {
    const p = obj(v);
    if (p === undefined) {
        return text(v);
    }
    const notes: string[] = [];
    if (p.dataType !== undefined) {
        notes.push(text(p.dataType));
    }
    if (p.amiAccountId !== undefined) {
        notes.push(`account ${text(p.amiAccountId)}`);
    }
    return `${text(p.parameterName)}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

function container(v: Json | undefined): string[] {
    const c = obj(v);
    if (c === undefined) {
        return v === undefined || v === null ? [] : [text(v)];
    }
    const repo = obj(c.targetRepository);
    const where = repo ? `${text(repo.service)} ${text(repo.repositoryName)}` : text(c.targetRepository);
    const tags = list(c.containerTags).map(text);
    return [`${where}${tags.length > 0 ? `: ${tags.join(", ")}` : ""}`];
}

function license(v: Json): string {
    const m = /license-configuration:(lic-[a-z0-9-_]+)$/.exec(text(v));
    return m ? m[1] : text(v);
}

/** The table row of one API-shaped distribution. */
export function regionRow(entry: Json): RegionRow {
    const d = obj(entry) ?? {};
    const ami = obj(d.amiDistributionConfiguration);
    const amiRaw = d.amiDistributionConfiguration;
    const amiSecret = amiRaw !== undefined && amiRaw !== null && ami === undefined;
    return {
        region: obj(entry) ? text(d.region) : text(entry),
        amiName: amiSecret ? [text(amiRaw)] : ami && ami.name !== undefined ? [text(ami.name)] : [],
        copiedTo: ami ? list(ami.targetAccountIds).map(text) : [],
        sharedWith: ami ? sharing(ami.launchPermission) : [],
        kmsKey: ami && ami.kmsKeyId !== undefined ? [text(ami.kmsKeyId)] : [],
        amiTags: ami ? pairs(ami.amiTags) : [],
        launchTemplates: list(d.launchTemplateConfigurations).map(launchTemplate),
        fastLaunch: list(d.fastLaunchConfigurations).map(fastLaunch),
        s3Export: s3Export(d.s3ExportConfiguration),
        ssmParameters: list(d.ssmParameterConfigurations).map(ssmParameter),
        container: container(d.containerDistributionConfiguration),
        licenses: list(d.licenseConfigurationArns).map(license),
    };
}

/** The distribution configurations of a plan, in the order of its requests. */
export function configurations(plan: PlanDocument): ConfigurationSummary[] {
    return plan.requests.map((req) => {
        const urn = parseUrn(req.resource);
        const r = req.request;
        const regionsKnown = r.distributions !== UNKNOWN;
        const homeRegion = req.homeRegion ?? savedHomeRegion(plan, req);
        const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN && v !== SECRET;
        return {
            arn:
                known(r.name) && homeRegion !== undefined && known(homeRegion.region)
                    ? distributionConfigurationArn(r.name, homeRegion.region, PLACEHOLDER_ACCOUNT)
                    : undefined,
            resource: req.resource,
            resourceName: urn?.name ?? req.resource,
            backend: req.backend ?? backendOf(urn?.type ?? ""),
            name: text(r.name),
            description: r.description === undefined ? undefined : text(r.description),
            tags: pairs(r.tags),
            homeRegion,
            regions: regionsKnown ? list(r.distributions).map(regionRow) : [],
            regionsKnown,
        };
    });
}

/** A home region as the outputs show it: `eu-west-1 (config aws:region)`, or why it is not known. */
export function homeRegionText(h: PlanHomeRegion): string {
    return h.region === null ? `not known offline (${h.source})` : `${h.region} (${h.source})`;
}

/** The URN a resource of the plan has, given the URN of its parent (as the mock runtime forms it). */
function urnOf(plan: PlanDocument, r: PlanResource, project: string): string {
    let type = r.type;
    if (r.parent !== null) {
        const p = parseUrn(r.parent);
        if (p) {
            type = `${p.type}$${type}`;
        }
    }
    return `urn:pulumi:${plan.stack}::${project}::${type}::${r.name}`;
}

/** The project of a plan, read from its URNs (undefined when it has none). */
export function projectOf(plan: PlanDocument): string | undefined {
    const urns = [...plan.requests.map((r) => r.resource), ...plan.resources.map((r) => r.parent ?? "")];
    for (const u of urns) {
        const p = parseUrn(u);
        if (p) {
            return p.project;
        }
    }
    return undefined;
}

/** The resource of a plan that has a URN. */
export function findResource(plan: PlanDocument, urn: string): PlanResource | undefined {
    const p = parseUrn(urn);
    if (!p) {
        return undefined;
    }
    const candidates = plan.resources.filter((r) => r.type === p.type && r.name === p.name);
    if (candidates.length <= 1) {
        return candidates[0];
    }
    return candidates.find((r) => urnOf(plan, r, p.project) === urn) ?? candidates[0];
}

/** The resources of a plan as a forest (children in the document's order). */
export function resourceTree(plan: PlanDocument): TreeNode[] {
    const nodes = plan.resources.map((resource) => ({ resource, children: [] as TreeNode[] }));
    const roots: TreeNode[] = [];
    for (const node of nodes) {
        const parent = node.resource.parent === null ? undefined : findResource(plan, node.resource.parent);
        const parentNode = parent === undefined ? undefined : nodes.find((n) => n.resource === parent);
        if (parentNode && parentNode !== node) {
            parentNode.children.push(node);
        } else {
            roots.push(node);
        }
    }
    return roots;
}

/** A column title inside a sentence: "fast launch", but "S3 export" and "AMI name". */
export function lowerTitle(title: string): string {
    return /^[A-Z][A-Z0-9]/.test(title) ? title : title[0].toLowerCase() + title.slice(1);
}

/** Whether a row's column has anything to show. */
export function hasValue(row: RegionRow, key: Exclude<keyof RegionRow, "region">): boolean {
    return row[key].length > 0;
}

/** The columns that some region of a configuration fills; the others are named once instead. */
export function usedColumns(c: ConfigurationSummary): { used: typeof COLUMNS; unused: typeof COLUMNS } {
    const used = COLUMNS.filter((col) => c.regions.some((r) => hasValue(r, col.key)));
    const unused = COLUMNS.filter((col) => !used.includes(col) && col.key !== "amiTags" && col.key !== "licenses");
    return { used, unused };
}
