import * as pulumi from "@pulumi/pulumi";
import { ApiEntry, canonicalTags, canonicalizeFanOut } from "./canonical";
import { DistributionValidationError } from "./errors";
import { FanoutInput, fanOut } from "./fanout";
import {
    awsCallerIdentity,
    awsImagebuilder,
    awsNativeAccountId,
    awsNativeImagebuilder,
    awsNativeProvider,
} from "./load";
import { defaultConfigurationName } from "./naming";
import { isOfflineAccountPlaceholder } from "./planHooks";
import { needsCallerAccount, renderAws, withFastLaunchAccount } from "./render/aws";
import { renderAwsNative } from "./render/awsNative";
import { Backend, MultiRegionDistributionArgs, RenderedDistribution } from "./types";
import { ValidationResult, Warning, validateConfig } from "./validate";
import {
    UNKNOWN,
    Unknown,
    isPlainObject,
    outputOf,
    resolveView,
    snapshotOf,
} from "./values";

/**
 * The child of each component. Kept outside the class so that Pulumi's multi-language analyzer, which
 * reads the class's fields as outputs, sees only Outputs.
 */
const children = new WeakMap<MultiRegionDistribution, pulumi.CustomResource>();

/** The secret paths of an entry that holds no secret (shared: never changed). */
const NO_SECRETS: readonly string[] = Object.freeze([]);

/**
 * Validates a view of the arguments (plain data, unknowns as UNKNOWN). Pure. `deployingAccount` is the
 * account that deploys the configuration, when it has been looked up (UNKNOWN when it cannot be).
 */
export function checkArgsView(
    view: unknown,
    secrets: readonly string[] = [],
    deployingAccount?: string | Unknown,
): ValidationResult {
    const args = isPlainObject(view) ? view : {};
    const entries = fanOut(args as Parameters<typeof fanOut>[0]).map((e) => ({
        entry: e,
        value: e.value,
        secrets: NO_SECRETS,
    }));
    return validateConfig({ args, entries, secrets, deployingAccount });
}

/**
 * Validates the arguments' known values, synchronously. Outputs and Promises count as unknown. The one
 * rule that needs the deploying account (an SSM parameter's `amiAccountId` that is not a target
 * account) is left undecided, and the result's `needsDeployingAccount` says so; the component decides
 * it once it has looked the account up (see {@link validateArgsResolved}).
 * @returns the warnings; throws {@link DistributionValidationError} listing every problem.
 */
export function validateArgs(componentName: string, args: MultiRegionDistributionArgs): ValidationResult {
    return validateKnown(componentName, args).result;
}

/** {@link validateArgs}, and whether the arguments hold an Output or a Promise anywhere (one walk). */
function validateKnown(
    componentName: string,
    args: MultiRegionDistributionArgs,
): { result: ValidationResult; deferred: boolean } {
    const { view, deferred } = snapshotOf(args);
    const result = checkArgsView(view);
    if (result.problems.length > 0) {
        throw new DistributionValidationError(componentName, result.problems);
    }
    return { result, deferred };
}

/** What {@link validateArgsResolved} may know besides the arguments. */
export interface ResolvedValidationOptions {
    /**
     * The id of the account that deploys the configuration and builds its images. An SSM parameter's
     * `amiAccountId` must be that account or a target account; without it (the default) that rule is left
     * undecided and the result says so in `needsDeployingAccount`. An unknown Output counts as unknown.
     */
    deployingAccount?: pulumi.Input<string>;
}

/**
 * Validates the arguments once every Output in them has resolved (unknown ones, in preview, are
 * skipped). Secret values are redacted in the message.
 */
export async function validateArgsResolved(
    componentName: string,
    args: MultiRegionDistributionArgs,
    options: ResolvedValidationOptions = {},
): Promise<ValidationResult> {
    const resolved = await resolveView(args);
    let account: string | Unknown | undefined;
    if (options.deployingAccount !== undefined) {
        const known = (await resolveView(options.deployingAccount)).value;
        account = typeof known === "string" && !isOfflineAccountPlaceholder(known) ? known : UNKNOWN;
    }
    const result = checkArgsView(resolved.value, resolved.secrets, account);
    if (result.problems.length > 0) {
        throw new DistributionValidationError(componentName, result.problems);
    }
    return result;
}

/** The inputs both backends' resources take alike. */
interface ChildInputs {
    name: pulumi.Input<string>;
    description: pulumi.Input<string> | undefined;
    distributions: pulumi.Input<Record<string, unknown>[]>;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
}

/** Configuration keys whose values are credentials: passed on as secrets. */
const CREDENTIAL_KEYS = new Set(["accessKey", "secretKey", "token"]);

/**
 * The provider's settings that are strings. Every other setting (objects, lists, booleans, numbers such as
 * `maxRetries`) is stored in the stack's configuration as JSON and is JSON-encoded again by the
 * provider's constructor, so it must be parsed first.
 */
const STRING_KEYS = new Set([
    "accessKey",
    "profile",
    "region",
    "roleArn",
    "secretKey",
    "sharedCredentialsFile",
    "token",
]);

/**
 * The stack's configuration of a provider package (`aws-native:profile`, `aws-native:assumeRole`, ...)
 * as provider arguments: string settings as they are; the others (objects, lists, booleans, numbers)
 * parsed from their JSON form; credentials secret.
 */
export function providerConfig(pkg: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const prefix = `${pkg}:`;
    for (const [key, raw] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        let value: unknown = raw;
        if (!STRING_KEYS.has(name)) {
            try {
                value = JSON.parse(raw);
            } catch {
                value = raw;
            }
        }
        const isSecret = (pulumi.runtime as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
        out[name] = CREDENTIAL_KEYS.has(name) || isSecret?.(key) ? pulumi.secret(value) : value;
    }
    return out;
}

/**
 * Defines `key` on `target` as an enumerable, read-only property whose value `make` creates on first
 * read. An Output costs its promises whether or not anyone reads it, and most programs read only `arn`.
 */
function defineLazy<T>(target: object, key: string, make: () => T): void {
    let made: { value: T } | undefined;
    Object.defineProperty(target, key, {
        enumerable: true,
        get: () => (made ??= { value: make() }).value,
    });
}

/** An Output of a known value, made when called (one Output for the value: pulumi.output would copy it). */
function knownLater<T>(value: T): () => pulumi.Output<T> {
    return () => outputOf<void>(undefined).apply(() => value);
}

/** An Output of `value` once `gate` has passed, made when called. */
function gatedLater<T>(gate: Promise<void>, value: pulumi.Input<T>): () => pulumi.Output<T> {
    return () => outputOf<void>(gate).apply(() => outputOf<T>(value));
}

/** The regions of canonical entries (sorted by region already), made when called. */
function regionsOfLater(entries: readonly ApiEntry[]): () => pulumi.Output<string[]> {
    return () => outputOf<void>(undefined).apply(() => entries.map((e) => e.region as string));
}

/**
 * The sorted regions of `regions` and of the explicit `distributions`, made when called. Regions only:
 * a secret elsewhere in an explicit entry does not make the region list secret.
 */
function regionsLater(
    regions: readonly pulumi.Input<string>[],
    distributions: readonly pulumi.Input<unknown>[],
): () => pulumi.Output<string[]> {
    return () => {
        const regionInputs: pulumi.Input<string>[] = [
            ...regions,
            ...distributions.map((d) =>
                isPlainObject(d)
                    ? (d.region as pulumi.Input<string>)
                    : outputOf<{ region: string }>(d).apply((x) => x.region),
            ),
        ];
        return outputOf<string[]>(regionInputs).apply((rs) => [...rs].sort());
    };
}

/*
 * What the constructor creates (the child, the provider of homeRegion, the account lookup) is created by
 * plain functions, not methods: Pulumi's SDK records a stack trace for each Output of a resource, and a
 * method's frame costs V8 a search of the component for the method's name.
 */

/** The id of the account that deploys the configuration, from the provider the child uses. */
function deployingAccount(
    parent: MultiRegionDistribution,
    backend: Backend,
    nativeProvider: pulumi.ProviderResource | undefined,
): pulumi.Output<string> {
    if (backend === Backend.AwsNative) {
        const opts = nativeProvider ? { parent, provider: nativeProvider } : { parent };
        return awsNativeAccountId().getAccountIdOutput(opts).accountId;
    }
    return awsCallerIdentity().getCallerIdentityOutput({}, { parent }).accountId;
}

/** Fills the deploying account into fast-launch configurations that have none (`@pulumi/aws` needs it). */
function withCallerAccount(
    entries: pulumi.Input<ApiEntry[]>,
    plain: boolean,
    lookUpAccount: () => pulumi.Output<string>,
): pulumi.Input<ApiEntry[]> {
    if (plain) {
        const list = entries as ApiEntry[];
        if (!needsCallerAccount(list)) {
            return list;
        }
        const account = lookUpAccount();
        return withFastLaunchAccount(list, account);
    }
    // Entries made once the regions resolve: their other leaves may still be Outputs, and stay so.
    return (entries as pulumi.Output<ApiEntry[]>).apply(
        (list): ApiEntry[] => withCallerAccount(list, true, lookUpAccount) as ApiEntry[],
    );
}

/** A copy of `list` with `f` of each present item, keeping holes where `list` has them. */
function mapPresent<T>(list: readonly unknown[], f: (index: number) => T): T[] {
    const out = new Array<T>(list.length);
    for (let i = 0; i < list.length; i++) {
        if (i in list) {
            out[i] = f(i);
        }
    }
    return out;
}

/**
 * The fan-out arguments once the regions are known: `regions` and each explicit entry's `region`
 * resolved, and nothing else. Every other value stays as given (Outputs included), so that entries made
 * from them keep their unknown and secret values at the leaves. An explicit entry given whole as an
 * Output is resolved whole: its region is inside it.
 */
function withKnownRegions(input: MultiRegionDistributionArgs): pulumi.Output<FanoutInput> {
    const regions: readonly unknown[] = input.regions ?? [];
    const distributions: readonly unknown[] = input.distributions ?? [];
    // What must resolve: the regions, and the region of each explicit entry (or the entry, when it is an Output).
    const keys = distributions.map((d) => (isPlainObject(d) ? d.region : d));
    return outputOf<[unknown[], unknown[]]>([regions, keys]).apply(([knownRegions, knownKeys]) => ({
        // pulumi.output reads a hole as undefined: the holes of `regions` are kept as holes.
        regions: mapPresent(regions, (i) => knownRegions[i]),
        defaults: input.defaults,
        overrides: input.overrides,
        // Holes are dropped, and so is an entry that resolves to no object (null): the late check reports
        // it, and it is not rendered.
        distributions: distributions
            .map((d, i) => (isPlainObject(d) ? { ...d, region: knownKeys[i] } : knownKeys[i]))
            .filter((d) => isPlainObject(d)),
    }));
}

/**
 * The aws-native provider of `homeRegion`, created as a child of `parent`: undefined without
 * `homeRegion`, or when a provider reaches the component through its options (which wins, with a warning).
 */
function awsNativeProviderFor(
    parent: MultiRegionDistribution,
    name: string,
    input: MultiRegionDistributionArgs,
): pulumi.ProviderResource | undefined {
    if (input.homeRegion === undefined) {
        return undefined;
    }
    if (hasProviderFor(parent, "aws-native")) {
        void pulumi.log.warn(
            "homeRegion: an aws-native provider reaches this component through its options, so the " +
                "configuration is created in that provider's region; homeRegion is not used. Remove one of them.",
            parent,
        );
        return undefined;
    }
    // An explicit provider does not read the stack's configuration: carry it over (profile,
    // assumeRole, ...), so that only the region differs from the default provider.
    const { Provider } = awsNativeProvider();
    return new Provider(`${name}-provider`, { ...providerConfig("aws-native"), region: input.homeRegion } as never, {
        parent,
    });
}

/** Whether a provider for `pkg` reaches `resource` (from its options or from a parent). */
function hasProviderFor(resource: pulumi.Resource, pkg: string): boolean {
    const self = resource as unknown as { getProvider?: (member: string) => unknown };
    return typeof self.getProvider === "function" && self.getProvider(`${pkg}::`) !== undefined;
}

/** The `@pulumi/aws` child. Only this submodule of `@pulumi/aws` is loaded, and only for this backend. */
function createAwsChild(
    parent: MultiRegionDistribution,
    name: string,
    common: ChildInputs,
    homeRegion: pulumi.Input<string> | undefined,
): pulumi.CustomResource {
    const imagebuilder = awsImagebuilder();
    return new imagebuilder.DistributionConfiguration(
        name,
        { ...common, distributions: common.distributions as never, region: homeRegion },
        { parent },
    );
}

/** The `@pulumi/aws-native` child, with the provider of `homeRegion` when there is one. */
function createAwsNativeChild(
    parent: MultiRegionDistribution,
    name: string,
    common: ChildInputs,
    provider: pulumi.ProviderResource | undefined,
): pulumi.CustomResource {
    const imagebuilder = awsNativeImagebuilder();
    return new imagebuilder.DistributionConfiguration(
        name,
        { ...common, distributions: common.distributions as never },
        provider ? { parent, provider } : { parent },
    );
}

/** What the component decided before it creates its child. */
interface ChildPlan {
    backend: Backend;
    /** The aws-native provider of `homeRegion`, if any. */
    nativeProvider: pulumi.ProviderResource | undefined;
    /** The child's inputs. */
    common: ChildInputs;
    /** The configuration's name as given, or defaulted. */
    configName: pulumi.Input<string>;
    /** Makes the `regions` output. */
    regions: () => pulumi.Output<string[]>;
    /** Makes the `distributions` output. */
    distributions: () => pulumi.Output<RenderedDistribution[]>;
}

/**
 * Decides the child's inputs: creates the aws-native provider of `homeRegion`, starts the late check of
 * values that are not known yet, fans out, renders, and says how the outputs are made.
 */
function planChild(
    component: MultiRegionDistribution,
    name: string,
    input: MultiRegionDistributionArgs,
    checked: ValidationResult,
    deferred: boolean,
): ChildPlan {
    const backend: Backend = input.backend ?? Backend.Aws;
    const native = backend === Backend.AwsNative;
    // The aws-native provider for homeRegion, if any: the child and the account lookup both use it.
    const nativeProvider = native ? awsNativeProviderFor(component, name, input) : undefined;

    // Outputs are checked when they resolve; unknown values (preview) are skipped. A rule that needs the
    // deploying account (an SSM parameter's owner) is decided once the account is looked up.
    let account: pulumi.Output<string> | undefined;
    const lookUpAccount = (): pulumi.Output<string> =>
        (account ??= deployingAccount(component, backend, nativeProvider));
    const late = deferred || checked.needsDeployingAccount === true;
    const warn = (warnings: readonly Warning[]) => {
        for (const w of warnings) {
            void pulumi.log.warn(`${w.path}: ${w.message}`, component);
        }
    };
    if (!late) {
        warn(checked.warnings);
    }
    const gate: Promise<void> = late
        ? (async () => {
              let result = await validateArgsResolved(
                  name,
                  input,
                  checked.needsDeployingAccount ? { deployingAccount: lookUpAccount() } : {},
              );
              if (result.needsDeployingAccount) {
                  result = await validateArgsResolved(name, input, { deployingAccount: lookUpAccount() });
              }
              // The late pass sees every value the first one saw, and more: its warnings are the ones shown.
              warn(result.warnings);
          })()
        : Promise.resolve();
    // Plain arguments have nothing to wait for: they are sent as they are.
    const gated = <T>(v: pulumi.Input<T>): pulumi.Input<T> =>
        late ? outputOf<void>(gate).apply(() => outputOf<T>(v)) : v;

    const configName: pulumi.Input<string> =
        input.name ?? defaultConfigurationName(name, pulumi.getProject(), pulumi.getStack());
    const tags = canonicalTags(input.tags);

    // Canonical API-shaped entries: synchronously when every region is known now; otherwise once the
    // regions (only they) resolve. Either way the other values stay where they are, so that a preview keeps
    // the known parts of each entry and a secret stays at its leaf.
    const plain = regionsArePlain(input);
    const apiEntries: pulumi.Input<ApiEntry[]> = plain
        ? canonicalizeFanOut(input)
        : withKnownRegions(input).apply((known) => canonicalizeFanOut(known));

    const sent: pulumi.Input<ApiEntry[]> = native ? apiEntries : withCallerAccount(apiEntries, plain, lookUpAccount);
    const render = native ? renderAwsNative : renderAws;
    const common: ChildInputs = {
        name: gated(configName),
        description: input.description,
        // Applied, not wrapped by pulumi.output: that would resolve every leaf of every entry as one value.
        distributions: pulumi.Output.isInstance(sent)
            ? (sent as pulumi.Output<ApiEntry[]>).apply((list) => render(list))
            : render(sent as ApiEntry[]),
        tags,
    };
    // Like the child, the distributions output waits for the late check: it never shows rejected data.
    // Entries built from plain arguments hold no Output (unless the caller's account was filled in) and
    // are wrapped as they are (pulumi.output would copy them deeply). The makers are made by functions of
    // their own, so that each keeps only what it reads (not the arguments, which plain arguments no
    // longer need once sent).
    const sentIsPlain = !late && sent === apiEntries && Array.isArray(sent);
    return {
        backend,
        nativeProvider,
        common,
        configName,
        regions: plain
            ? regionsOfLater(apiEntries as ApiEntry[])
            : regionsLater(input.regions ?? [], input.distributions ?? []),
        distributions: sentIsPlain
            ? knownLater(sent as RenderedDistribution[])
            : gatedLater<RenderedDistribution[]>(gate, sent as pulumi.Input<RenderedDistribution[]>),
    };
}

/** True when every region (of `regions` and of `distributions`) is a plain string now. */
function regionsArePlain(args: MultiRegionDistributionArgs): boolean {
    return (
        (args.regions ?? []).every((r) => typeof r === "string") &&
        (args.distributions ?? []).every((d) => isPlainObject(d) && typeof d.region === "string")
    );
}

/**
 * One EC2 Image Builder distribution configuration, fanned out to many regions.
 *
 * Write the settings once in `defaults`, list the `regions`, override what differs per region in
 * `overrides`, or give API-shaped `distributions`. Everything AWS's model and the service would
 * reject is reported before anything is created, in one error. The component registers one
 * `DistributionConfiguration` (of `@pulumi/aws`, or of `@pulumi/aws-native` with
 * `backend: "aws-native"`) as its child, with the entries sorted by region.
 *
 * @example
 * ```ts
 * const dist = new MultiRegionDistribution("golden", {
 *     regions: ["us-east-1", "eu-west-1"],
 *     defaults: {
 *         amiDistributionConfiguration: {
 *             name: "golden-{{ imagebuilder:buildDate }}",
 *             targetAccountIds: ["111122223333"],
 *         },
 *     },
 *     overrides: { "eu-west-1": { amiDistributionConfiguration: { kmsKeyId: euKey.arn } } },
 * });
 * export const arn = dist.arn;
 * ```
 */
export class MultiRegionDistribution extends pulumi.ComponentResource {
    /** The component's type token. */
    public static readonly TYPE = "imagebuilder-distribution:index:MultiRegionDistribution";

    /** The ARN of the distribution configuration. */
    public readonly arn: pulumi.Output<string>;
    /** The name of the distribution configuration, as sent (given or defaulted). */
    public readonly name: pulumi.Output<string>;
    /** The regions distributed to, sorted. Created when first read. */
    declare public readonly regions: pulumi.Output<string[]>;
    /**
     * The distributions exactly as sent, in the API's shape and field names, sorted by region, with
     * the defaults the component fills in (`setDefaultVersion`, fast-launch `accountId` on `"aws"`).
     * Secret when any input value is secret. Created when first read.
     */
    declare public readonly distributions: pulumi.Output<RenderedDistribution[]>;
    /** The backend that registered the configuration. */
    public readonly backend: Backend;

    /** The child resource: `aws.imagebuilder.DistributionConfiguration` or its aws-native counterpart. */
    public get configuration(): pulumi.CustomResource {
        return children.get(this)!;
    }

    /**
     * @param name The unique name of the component; the child resource and the default configuration
     *   name derive from it.
     * @param args The distribution settings. See {@link MultiRegionDistributionArgs}.
     * @param opts Options for the component; providers given here reach the child.
     * @throws DistributionValidationError when a known value is invalid; nothing is registered then.
     */
    constructor(name: string, args: MultiRegionDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        const input: MultiRegionDistributionArgs = args ?? {};
        // Known values first: a bad one stops everything before the component or a child exists.
        const { result: checked, deferred } = validateKnown(name, input);
        super(MultiRegionDistribution.TYPE, name, {}, opts);
        // The work is done in functions: this constructor is on the stack of every trace that Pulumi's SDK
        // records for the component and its child, and V8 reads a frame's position in time linear in it.
        const plan = planChild(this, name, input, checked, deferred);
        const child =
            plan.backend === Backend.AwsNative
                ? createAwsNativeChild(this, name, plan.common, plan.nativeProvider)
                : createAwsChild(this, name, plan.common, input.homeRegion);
        children.set(this, child);
        this.backend = plan.backend;
        this.arn = (child as unknown as { arn: pulumi.Output<string> }).arn;
        this.name = (child as unknown as { name: pulumi.Output<string> }).name;
        defineLazy(this, "regions", plan.regions);
        defineLazy(this, "distributions", plan.distributions);
        // A known name is registered as it is, without an Output to wait for. `regions` and `distributions`
        // are not registered: the child's inputs hold the same data, and registering it would serialize it
        // again and keep a second copy in the state.
        this.registerOutputs({
            arn: this.arn,
            name: typeof plan.configName === "string" ? plan.configName : this.name,
        });
    }
}
