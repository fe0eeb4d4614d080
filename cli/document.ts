/**
 * The plan document: what `--json` prints and `--diff` reads back. One document per stack:
 * `{ stack, resources, requests, outputs }`, where each request is exactly the body of the
 * `CreateDistributionConfiguration` call that the configuration would make, secrets redacted, beside
 * what the body does not say: the backend and the home region the configuration lives in.
 */
import { DISTRIBUTION_TYPES, UNKNOWN } from "./constants";
import { UsageError } from "./errors";
import { Json, contentToken, isObject, sortKeys } from "./json";
import type { RecordedResource, RunResult } from "./runner";
import type { Verification } from "./verify";

/** A resource of the plan. */
export interface PlanResource {
    /** The type token, e.g. `aws:imagebuilder/distributionConfiguration:DistributionConfiguration`. */
    type: string;
    /** The resource's logical name. */
    name: string;
    /** The URN of the parent, or null. */
    parent: string | null;
    /** The inputs as registered with the provider, secrets shown as `[secret]`. */
    inputs: { [key: string]: Json };
}

/** The body of a `CreateDistributionConfiguration` call, in the API's request syntax. */
export interface CreateDistributionConfigurationRequest {
    [key: string]: Json;
    clientToken: string;
}

/** The backend of a distribution configuration: the package of its resource. */
export type PlanBackend = "aws" | "aws-native";

/** Where a distribution configuration lives: the region its API calls go to. */
export interface PlanHomeRegion {
    /** The region; null when it is the default provider's and the stack's config does not name it. */
    region: string | null;
    /**
     * Where the region comes from: `region input` (the resource's own `region`, on @pulumi/aws: the
     * component's `homeRegion`), `provider <name>` (the resource's explicit provider: the one the
     * component creates for `homeRegion` on aws-native, or one given through `opts`),
     * `config aws:region` / `config aws-native:region` (the default provider, from the stack's config),
     * or `provider default` (the default provider, whose region is not known offline).
     */
    source: string;
}

/** One API request of the plan. */
export interface PlanRequest {
    /** The URN of the resource that makes the request. */
    resource: string;
    operation: "CreateDistributionConfiguration";
    /**
     * The backend (resource type) that makes it. Always printed; a plan saved without it gets it from
     * the URN when read back.
     */
    backend?: PlanBackend;
    /**
     * Where the configuration lives. Absent only in a plan saved before it was recorded, when that
     * plan does not show it either.
     */
    homeRegion?: PlanHomeRegion;
    request: CreateDistributionConfigurationRequest;
    /** What AWS said of a dry run of the request: only with `--verify`. */
    verification?: Verification;
}

/** The plan of a stack. */
export interface PlanDocument {
    stack: string;
    resources: PlanResource[];
    requests: PlanRequest[];
    outputs: { [key: string]: Json };
}

/** The fields of the API's request that a distribution configuration's inputs map to. */
const REQUEST_FIELDS = ["name", "description", "distributions", "tags"] as const;

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export interface UrnParts {
    stack: string;
    project: string;
    /** The type with its parents' types, `$`-separated. */
    qualifiedType: string;
    /** The resource's own type. */
    type: string;
    name: string;
}

/** Splits a URN into its parts (the name may itself contain `::`). */
export function parseUrn(urn: string): UrnParts | undefined {
    if (!urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    const parts = urn.slice("urn:pulumi:".length).split("::");
    if (parts.length < 4) {
        return undefined;
    }
    const [stack, project, qualifiedType, ...rest] = parts;
    return {
        stack,
        project,
        qualifiedType,
        type: qualifiedType.split("$").pop() ?? qualifiedType,
        name: rest.join("::"),
    };
}

/** Orders resources as a tree: parents before their children, siblings by name and type. */
export function treeOrder<T extends { type: string; name: string; urn: string; parent?: string }>(
    resources: readonly T[],
): T[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string | undefined, T[]>();
    for (const r of resources) {
        const parent = r.parent !== undefined && byUrn.has(r.parent) ? r.parent : undefined;
        const list = children.get(parent) ?? [];
        list.push(r);
        children.set(parent, list);
    }
    const out: T[] = [];
    const visit = (parent: string | undefined) => {
        const list = (children.get(parent) ?? []).sort((a, b) =>
            a.name === b.name ? (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) : a.name < b.name ? -1 : 1,
        );
        for (const r of list) {
            out.push(r);
            visit(r.urn);
        }
    };
    visit(undefined);
    return out;
}

type Renderers = typeof import("../components/distribution/render/aws") &
    typeof import("../components/distribution/render/awsNativeToApi");

/**
 * The component's renderers, loaded when first needed: they load `@pulumi/pulumi`, which must not
 * happen before the program's configuration is in the environment.
 */
function renderers(): Renderers {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        ...(require("../components/distribution/render/aws") as typeof import("../components/distribution/render/aws")),
        ...(require("../components/distribution/render/awsNativeToApi") as typeof import("../components/distribution/render/awsNativeToApi")),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Converts provider-shaped distributions to the API's shape, leaving redacted or odd values as they are. */
function distributionsToApi(type: string, distributions: Json): Json {
    if (!Array.isArray(distributions)) {
        return distributions;
    }
    const { awsToApi, awsNativeToApi } = renderers();
    const native = type === DISTRIBUTION_TYPES["aws-native"];
    return distributions.map((d) => {
        if (!isObject(d)) {
            return d;
        }
        // The renderers expect lists and objects where the provider has them; keep anything else
        // (a redacted secret) aside and put it back afterwards.
        const held: Record<string, Json> = {};
        const safe: Record<string, unknown> = { ...d };
        const key = native ? "amiDistributionConfiguration" : "launchTemplateConfigurations";
        const ok = native ? isObject(safe[key]) : Array.isArray(safe[key]);
        if (safe[key] !== undefined && safe[key] !== null && !ok) {
            held[key] = safe[key] as Json;
            delete safe[key];
        }
        const api = (native ? awsNativeToApi([safe]) : awsToApi([safe]))[0];
        return sortKeys({ ...api, ...held });
    });
}

/**
 * The `CreateDistributionConfiguration` request of a distribution configuration resource: the
 * API's fields only, provider names mapped back (`default` -> `setDefaultVersion`,
 * `launchPermissionConfiguration` -> `launchPermission`), and a client token derived from the content.
 */
export function requestOf(resource: {
    type: string;
    inputs: { [key: string]: Json };
}): CreateDistributionConfigurationRequest {
    const request: Record<string, Json> = {};
    for (const field of REQUEST_FIELDS) {
        const v = resource.inputs[field];
        if (v === undefined || v === null) {
            continue;
        }
        request[field] = field === "distributions" ? distributionsToApi(resource.type, v) : v;
    }
    if (request.distributions === undefined) {
        request.distributions = [];
    }
    const sorted = sortKeys(request) as Record<string, Json>;
    return sortKeys({ ...sorted, clientToken: contentToken(sorted) }) as CreateDistributionConfigurationRequest;
}

/** True for a distribution configuration of either backend. */
export function isDistributionType(type: string): boolean {
    return type === DISTRIBUTION_TYPES.aws || type === DISTRIBUTION_TYPES["aws-native"];
}

/** The backend of a distribution configuration's type token. */
export function backendOf(type: string): PlanBackend {
    return type === DISTRIBUTION_TYPES["aws-native"] ? "aws-native" : "aws";
}

/**
 * A region value of the inputs: a non-empty string (possibly the redacted marker); null when it is given
 * but not known offline; else undefined.
 */
function regionValue(v: Json | undefined): string | null | undefined {
    if (v === UNKNOWN) {
        return null;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Where a distribution configuration lives: on @pulumi/aws its own `region` input (v7), else its
 * explicit provider's region, else the default provider's, which the stack's `<package>:region`
 * config sets (aws-native's default provider does not read `aws:region`).
 */
export function homeRegionOf(
    resource: Pick<RecordedResource, "type" | "inputs" | "provider">,
    resourcesByUrn: ReadonlyMap<string, Pick<RecordedResource, "name" | "inputs">>,
    defaultRegions: { readonly [pkg: string]: string } = {},
): PlanHomeRegion {
    const backend = backendOf(resource.type);
    const own = backend === "aws" ? regionValue(resource.inputs.region) : undefined;
    if (own !== undefined) {
        return { region: own, source: "region input" };
    }
    if (resource.provider !== undefined) {
        // A provider reference is `<provider URN>::<id>`, and a URN has `::` in it too.
        const at = resource.provider.lastIndexOf("::");
        const urn = at > 0 ? resource.provider.slice(0, at) : resource.provider;
        const provider = resourcesByUrn.get(urn);
        const name = provider?.name ?? parseUrn(urn)?.name ?? urn;
        return { region: regionValue(provider?.inputs.region) ?? null, source: `provider ${name}` };
    }
    const configured = defaultRegions[backend];
    return configured !== undefined && configured !== ""
        ? { region: configured, source: `config ${backend}:region` }
        : { region: null, source: "provider default" };
}

/** Builds the plan document of a run. Deterministic: the same program gives the same document. */
export function buildPlan(
    run: Pick<RunResult, "stack" | "resources" | "outputs"> & Partial<Pick<RunResult, "defaultRegions">>,
): PlanDocument {
    const ordered = treeOrder<RecordedResource>(run.resources);
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const resources: PlanResource[] = ordered.map((r) => ({
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        inputs: sortKeys(r.inputs) as { [key: string]: Json },
    }));
    const requests: PlanRequest[] = ordered
        .filter((r) => isDistributionType(r.type))
        .map((r) => ({
            resource: r.urn,
            operation: "CreateDistributionConfiguration",
            backend: backendOf(r.type),
            homeRegion: homeRegionOf(r, byUrn, run.defaultRegions),
            request: requestOf(r),
        }));
    return { stack: run.stack, resources, requests, outputs: sortKeys(run.outputs) as { [key: string]: Json } };
}

/**
 * The home region that a plan saved without the `homeRegion` field still shows: the resource's
 * `region` input, or the region of the one provider of its package beside it (the one the component
 * creates for `homeRegion` on aws-native). Undefined when the plan does not show it.
 */
export function savedHomeRegion(
    doc: Pick<PlanDocument, "resources">,
    request: PlanRequest,
): PlanHomeRegion | undefined {
    const p = parseUrn(request.resource);
    if (p === undefined) {
        return undefined;
    }
    const resource = doc.resources.find((r) => r.type === p.type && r.name === p.name);
    if (resource === undefined) {
        return undefined;
    }
    const own = backendOf(resource.type) === "aws" ? regionValue(resource.inputs.region) : undefined;
    if (own !== undefined) {
        return { region: own, source: "region input" };
    }
    const pkg = resource.type.split(":")[0];
    const providers = doc.resources.filter(
        (r) =>
            resource.parent !== null &&
            r.parent === resource.parent &&
            r.type === `pulumi:providers:${pkg}` &&
            regionValue(r.inputs.region) !== undefined,
    );
    return providers.length === 1
        ? { region: regionValue(providers[0].inputs.region) ?? null, source: `provider ${providers[0].name}` }
        : undefined;
}

/**
 * The document as `--json` prints it: the fields in the documented order (`stack`, `resources`,
 * `requests`, `outputs`, and `diff` when there is one; in a request `resource`, `operation`, `backend`,
 * `homeRegion`, `request`, and `verification` with `--verify`), every value inside with its keys sorted, two-space indentation and a
 * final newline. The same plan always prints the same text.
 */
export function formatJson(doc: PlanDocument & { diff?: unknown }): string {
    const ordered: Record<string, unknown> = {
        stack: doc.stack,
        resources: doc.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs: sortKeys(r.inputs),
        })),
        requests: doc.requests.map((r) => ({
            resource: r.resource,
            operation: r.operation,
            backend: r.backend,
            homeRegion:
                r.homeRegion === undefined ? undefined : { region: r.homeRegion.region, source: r.homeRegion.source },
            request: sortKeys(r.request),
            verification: r.verification === undefined ? undefined : sortKeys(r.verification),
        })),
        outputs: sortKeys(doc.outputs),
    };
    if (doc.diff !== undefined) {
        ordered.diff = sortKeys(doc.diff);
    }
    return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Reads a plan saved with `--json` (for `--diff`).
 * @throws UsageError when the text is not a plan document.
 */
export function parsePlanDocument(text: string, source: string): PlanDocument {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${source} is not JSON: ${(e as Error).message}`);
    }
    if (
        !isObject(doc) ||
        typeof doc.stack !== "string" ||
        !Array.isArray(doc.resources) ||
        !Array.isArray(doc.requests) ||
        !isObject(doc.outputs)
    ) {
        throw new UsageError(
            `${source} is not a plan saved with --json (it needs stack, resources, requests and outputs)`,
        );
    }
    for (const r of doc.requests) {
        if (!isObject(r) || typeof r.resource !== "string" || !isObject(r.request)) {
            throw new UsageError(`${source}: every request needs a "resource" and a "request"`);
        }
        if (r.backend !== undefined && r.backend !== "aws" && r.backend !== "aws-native") {
            throw new UsageError(`${source}: a request's "backend" is "aws" or "aws-native"`);
        }
        const home = r.homeRegion;
        if (
            home !== undefined &&
            !(
                isObject(home) &&
                (typeof home.region === "string" || home.region === null) &&
                typeof home.source === "string"
            )
        ) {
            throw new UsageError(
                `${source}: a request's "homeRegion" is { "region": <string or null>, "source": <string> }`,
            );
        }
    }
    const plan = doc as unknown as PlanDocument;
    // Plans saved before the backend and the home region were recorded: what they still show.
    for (const r of plan.requests) {
        if (r.backend === undefined) {
            r.backend = backendOf(parseUrn(r.resource)?.type ?? "");
        }
        if (r.homeRegion === undefined) {
            const saved = savedHomeRegion(plan, r);
            if (saved !== undefined) {
                r.homeRegion = saved;
            }
        }
    }
    return plan;
}
