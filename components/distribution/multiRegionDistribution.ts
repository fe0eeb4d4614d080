import * as pulumi from "@pulumi/pulumi";
import type { DistributionConfigurationArgs as AwsConfigurationArgs } from "@pulumi/aws/imagebuilder";
import type { DistributionConfigurationArgs as AwsNativeConfigurationArgs } from "@pulumi/aws-native/imagebuilder";
import type { ProviderArgs as AwsNativeProviderArgs } from "@pulumi/aws-native/provider";
import { ApiEntry, canonicalTags, canonicalizeFanOut, canonicalizeFanned } from "./canonical";
import { DistributionValidationError } from "./errors";
import { FannedEntry, FanoutInput, fanOut } from "./fanout";
import {
    awsCallerIdentity,
    awsImagebuilder,
    awsNativeAccountId,
    awsNativeImagebuilder,
    awsNativeProvider,
} from "./load";
import { NameScope, claimName } from "./nameClaims";
import { MAX_NAME_LENGTH, defaultConfigurationName } from "./naming";
import { AWS_PROVIDER_MAX_NAME_LENGTH } from "./rules/awsProvider";
import { isOfflineAccountPlaceholder } from "./planHooks";
import { needsCallerAccount, renderAws, withFastLaunchAccount } from "./render/aws";
import { renderAwsNative } from "./render/awsNative";
import { Backend, MultiRegionDistributionArgs, RenderedDistribution } from "./types";
import { Problem, ValidationResult, Warning, validateConfig } from "./validate";
import { UNKNOWN, Unknown, isPlainObject, knownOutput, mapInput, outputOf, resolveView, snapshotOf } from "./values";

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
    /** The regions distributed to, sorted. */
    public readonly regions: pulumi.Output<string[]>;
    /**
     * The distributions exactly as sent, in the API's shape and field names, sorted by region, with
     * the defaults the component fills in (`setDefaultVersion`, fast-launch `accountId` on `"aws"`).
     * Secret when any input value is secret.
     */
    public readonly distributions: pulumi.Output<RenderedDistribution[]>;
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
     * @throws DistributionValidationError when a known value is invalid (nothing is registered then), or
     *   when another component of the program has a name that normalizes alike in the same home region
     *   (`name-collision`: the component is registered, its configuration is not).
     */
    constructor(name: string, args: MultiRegionDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        const input: MultiRegionDistributionArgs = args ?? {};
        // Known values first: a bad one stops everything before the component or a child exists.
        const early = homeBeforeComponent(input, opts);
        const known = validateKnown(name, input, early);
        super(MultiRegionDistribution.TYPE, name, {}, opts);
        this.backend = input.backend ?? Backend.Aws;
        const prepared = this.prepare(name, input, opts, known, early);
        // Only the backend's submodule of its provider package is loaded, and only now.
        const child = prepared.aws
            ? new (awsImagebuilder().DistributionConfiguration)(name, prepared.aws, { parent: this })
            : new (awsNativeImagebuilder().DistributionConfiguration)(name, prepared.native, {
                  parent: this,
                  provider: prepared.homeProvider,
              });
        children.set(this, child);
        this.arn = child.arn;
        this.name = child.name;
        this.regions = prepared.regions;
        this.distributions = prepared.distributions;
        // `regions` and `distributions` are not registered: the child's inputs hold the same data, and
        // registering it would keep a second copy in the state. A known name is registered as it is.
        this.registerOutputs({ arn: this.arn, name: prepared.knownName ?? this.name });
    }

    /**
     * Everything the child is created from, with nothing registered but the provider of `homeRegion`: the
     * late gate (when an Output, or the deploying account, must be checked first), the claim of the
     * configuration's name, and the child's inputs, with the entries fanned out, canonical and rendered for
     * the backend.
     */
    private prepare(
        name: string,
        input: MultiRegionDistributionArgs,
        opts: pulumi.ComponentResourceOptions | undefined,
        known: KnownArgs,
        early: KnownHome,
    ): Prepared {
        const native = this.backend === Backend.AwsNative;
        const configName =
            input.name ??
            defaultConfigurationName(
                name,
                pulumi.getProject(),
                pulumi.getStack(),
                native ? MAX_NAME_LENGTH : AWS_PROVIDER_MAX_NAME_LENGTH,
            );

        // The aws-native provider of homeRegion, if any: the child and the account lookup both use it.
        const homeProvider = native ? this.createHomeRegionProvider(name, input.homeRegion) : undefined;
        let account: pulumi.Output<string> | undefined;
        const deployingAccount = () => (account ??= this.lookUpDeployingAccount(homeProvider));

        // Outputs are checked when they resolve, and so is the rule that needs the deploying account: what
        // is sent waits for that check (the gate), and nothing is registered when it fails. Then the name
        // is claimed: no other component of the program may use a name that AWS takes for the same.
        const scope = this.nameScope(input.homeRegion, homeProvider);
        // Where the configuration is created, when only now can it be told (which provider creates it).
        const homeLate = this.homeOnceCreated(input, opts, homeProvider);
        const late = known.deferred || known.result.needsDeployingAccount === true || homeLate !== undefined;
        const gate = late
            ? outputOf<void>(
                  this.validateWhenResolved(
                      name,
                      input,
                      known.result,
                      configName,
                      scope,
                      deployingAccount,
                      homeLate ?? early,
                  ),
              )
            : undefined;
        if (!late) {
            // Nothing is an Output here: the name and the region are plain strings.
            this.claimName(name, configName as string, false, scope as NameScope);
            this.warn(known.result.warnings);
        }
        const afterGate = <T>(v: pulumi.Input<T>): pulumi.Input<T> => (gate ? gate.apply(() => outputOf<T>(v)) : v);

        // Fan out, canonical entries sorted by region, then the backend's rendering of them.
        const entries = canonicalEntries(input, known);
        const sent = native ? entries : withCallerAccount(entries, deployingAccount);
        const common = {
            name: afterGate(configName),
            description: input.description,
            tags: canonicalTags(input.tags),
        };
        // Like the child, the distributions output waits for the gate: it never shows rejected data. Plain
        // entries (nothing to wait for, no Output inside) are wrapped whole.
        const distributions = !late && sent === entries ? knownOutput(sent) : outputOf(afterGate(sent));
        const outputs = {
            homeProvider,
            regions: regionsOf(input, entries),
            distributions: distributions as pulumi.Output<RenderedDistribution[]>,
            knownName: typeof configName === "string" ? configName : undefined,
        };
        return native
            ? { ...outputs, native: { ...common, distributions: mapInput(sent, renderAwsNative) } }
            : { ...outputs, aws: { ...common, region: input.homeRegion, distributions: mapInput(sent, renderAws) } };
    }

    /**
     * The aws-native provider of `homeRegion`, created as a child: undefined without `homeRegion`, or when a
     * provider reaches the component through its options (which wins, with a warning).
     */
    private createHomeRegionProvider(
        name: string,
        homeRegion: pulumi.Input<string> | undefined,
    ): pulumi.ProviderResource | undefined {
        if (homeRegion === undefined) {
            return undefined;
        }
        if (this.providerReaches("aws-native")) {
            void pulumi.log.warn(
                "homeRegion: an aws-native provider reaches this component through its options, so the " +
                    "configuration is created in that provider's region; homeRegion is not used. Remove one of them.",
                this,
            );
            return undefined;
        }
        // An explicit provider does not read the stack's configuration: carry it over (profile,
        // assumeRole, ...), so that only the region differs from the default provider.
        const { Provider } = awsNativeProvider();
        const args = { ...providerConfig("aws-native"), region: homeRegion } as AwsNativeProviderArgs;
        return new Provider(`${name}-provider`, args, { parent: this });
    }

    /** The id of the account that deploys the configuration, asked of the provider the child uses. */
    private lookUpDeployingAccount(homeProvider: pulumi.ProviderResource | undefined): pulumi.Output<string> {
        if (this.backend === Backend.AwsNative) {
            const opts = homeProvider ? { parent: this, provider: homeProvider } : { parent: this };
            return awsNativeAccountId().getAccountIdOutput(opts).accountId;
        }
        return awsCallerIdentity().getCallerIdentityOutput({}, { parent: this }).accountId;
    }

    /**
     * Validates the arguments once their Outputs resolve (unknown ones, in preview, are skipped), with the
     * deploying account when a rule needs it, then claims the configuration's name. Rejects with a
     * {@link DistributionValidationError}; logs the warnings otherwise.
     */
    private async validateWhenResolved(
        name: string,
        input: MultiRegionDistributionArgs,
        known: ValidationResult,
        configName: pulumi.Input<string>,
        scope: NameScopeInput,
        deployingAccount: () => pulumi.Output<string>,
        home: Home,
    ): Promise<void> {
        const { providerRegion, homeRegionIgnored } = home;
        const withAccount = () => ({ deployingAccount: deployingAccount(), providerRegion });
        let result = await validateResolved(
            name,
            input,
            known.needsDeployingAccount ? withAccount() : { providerRegion },
            homeRegionIgnored,
        );
        if (result.needsDeployingAccount) {
            result = await validateResolved(name, input, withAccount(), homeRegionIgnored);
        }
        const resolved = await resolveView({ name: configName, region: scope.region });
        const { name: knownName, region } = resolved.value as Record<string, unknown>;
        if (typeof knownName === "string" && typeof region === "string") {
            this.claimName(name, knownName, resolved.secrets.includes("name"), {
                ...scope,
                region,
                regionSecret: scope.regionSecret === true || resolved.secrets.includes("region"),
            });
        }
        // The late pass sees every value the first one saw, and more: its warnings are the ones shown.
        this.warn(result.warnings);
    }

    /**
     * Where the configuration is created, as far as the partition check can tell once the component exists
     * (which provider creates it is known then), when the constructor could not tell: undefined when
     * {@link homeBeforeComponent} knew it all. The provider that reaches the component (`provider`,
     * `providers`, a parent's) gives its `region` (an Output of `aws.Provider` and of aws-native's); when
     * none reaches it, the default provider, in the stack's `aws:region` (`aws-native:region`), creates it.
     * A provider without a `region` (one that reads the environment, or one passed from another language)
     * leaves the home region out of the check.
     */
    private homeOnceCreated(
        input: MultiRegionDistributionArgs,
        opts: pulumi.ComponentResourceOptions | undefined,
        homeProvider: pulumi.ProviderResource | undefined,
    ): Home | undefined {
        if (!mayPassProvider(opts)) {
            return undefined;
        }
        if (homeProvider !== undefined) {
            // No aws-native provider reaches the component: homeRegion is where the configuration is created.
            return { homeRegionIgnored: false };
        }
        const pkg = providerPackage(this.backend);
        if (pkg === "aws" && input.homeRegion !== undefined) {
            // The resource's own region: checked in the constructor.
            return undefined;
        }
        // On aws-native a provider that reaches the component wins over homeRegion (a warning says so).
        const homeRegionIgnored = input.homeRegion !== undefined;
        const provider = this.getProvider(`${pkg}::`);
        const region = provider === undefined ? stackRegionInput(pkg) : (provider as { region?: unknown }).region;
        return pulumi.Output.isInstance(region) || (typeof region === "string" && region !== "")
            ? { providerRegion: region as pulumi.Input<string>, homeRegionIgnored }
            : undefined;
    }

    /**
     * Where the configuration's name must differ from the others' (see `nameClaims`): the provider that
     * creates it and its home region. The region is `homeRegion` where it applies, else the region
     * configured for the default provider, else a label of the provider's own region.
     */
    private nameScope(
        homeRegion: pulumi.Input<string> | undefined,
        homeProvider: pulumi.ProviderResource | undefined,
    ): NameScopeInput {
        const pkg = providerPackage(this.backend);
        // The provider created for homeRegion uses the stack's settings: it reaches the default provider's account.
        const provider = homeProvider ? undefined : this.getProvider(`${pkg}::`);
        if (homeRegion !== undefined && (pkg === "aws" || homeProvider !== undefined)) {
            return { provider, region: homeRegion };
        }
        if (provider !== undefined) {
            return { provider, region: `the region of its ${pkg} provider` };
        }
        const stack = stackRegion(pkg);
        return stack === undefined
            ? { provider, region: `the default ${pkg} provider's region` }
            : { provider, region: stack.region, regionSecret: stack.secret };
    }

    /** Claims the configuration's name in its scope; throws the `name-collision` problem. */
    private claimName(component: string, name: string, secret: boolean, scope: NameScope): void {
        const problem = claimName(component, name, secret, scope);
        if (problem !== undefined) {
            throw new DistributionValidationError(component, [problem]);
        }
    }

    /** Logs warnings on the component. */
    private warn(warnings: readonly Warning[]): void {
        for (const w of warnings) {
            void pulumi.log.warn(`${w.path}: ${w.message} [${w.code}]`, this);
        }
    }

    /** Whether a provider for `pkg` reaches the component (from its options or from a parent). */
    private providerReaches(pkg: string): boolean {
        return this.getProvider(`${pkg}::`) !== undefined;
    }
}

/**
 * The child of each component. Kept outside the class so that Pulumi's multi-language analyzer, which
 * reads the class's fields as outputs, sees only Outputs.
 */
const children = new WeakMap<MultiRegionDistribution, pulumi.CustomResource>();

/** Where the configuration is created, as far as the partition check knows. */
interface Home {
    /**
     * The region of the provider that creates the configuration (the stack's `aws:region`, an explicit
     * provider's `region`): the home region when `homeRegion` does not name it. Undefined when not known.
     */
    providerRegion?: pulumi.Input<string>;
    /**
     * True when `homeRegion` may not be where the configuration is created (on aws-native, a provider
     * that reaches the component wins over it): then only `providerRegion` is the home region.
     */
    homeRegionIgnored: boolean;
}

/** {@link Home} with the provider's region known (or not at all). */
type KnownHome = Home & { providerRegion?: string };

/** True when a provider may reach the component through its options (`provider`, `providers`, a parent). */
function mayPassProvider(opts: pulumi.ComponentResourceOptions | undefined): boolean {
    return opts?.provider !== undefined || opts?.providers !== undefined || opts?.parent !== undefined;
}

/**
 * Where the configuration is created, as known before the component exists, so that a bad partition
 * stops everything: the default provider's region, from the stack's config (`aws:region`,
 * `aws-native:region`). When a provider may reach the component, which one creates the configuration is
 * known only once it exists ({@link MultiRegionDistribution.homeOnceCreated}): no provider region yet, and
 * on aws-native `homeRegion` does not count yet either (such a provider wins over it).
 */
function homeBeforeComponent(
    input: MultiRegionDistributionArgs,
    opts: pulumi.ComponentResourceOptions | undefined,
): KnownHome {
    const pkg = providerPackage(input.backend);
    if (mayPassProvider(opts)) {
        return { homeRegionIgnored: pkg === "aws-native" && input.homeRegion !== undefined };
    }
    // A secret region is not checked: the check would show it.
    const stack = stackRegion(pkg);
    return { providerRegion: stack?.secret === false ? stack.region : undefined, homeRegionIgnored: false };
}

/** The provider package that creates the configuration of a backend. */
function providerPackage(backend: unknown): "aws" | "aws-native" {
    return backend === Backend.AwsNative ? "aws-native" : "aws";
}

/**
 * The region the stack configures for a provider package (`aws:region`, `aws-native:region`), if any, and
 * whether the stack keeps it as a secret (it is then never shown).
 */
function stackRegion(pkg: string): { region: string; secret: boolean } | undefined {
    const region = new pulumi.Config(pkg).get("region");
    if (region === undefined) {
        return undefined;
    }
    // The SDK's test of a secret configuration key, which its typings leave out (there since 2021).
    const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    return { region, secret: isConfigSecret?.(`${pkg}:region`) === true };
}

/** {@link stackRegion} as an input: a secret region stays secret. */
function stackRegionInput(pkg: string): pulumi.Input<string> | undefined {
    const stack = stackRegion(pkg);
    return stack === undefined ? undefined : stack.secret ? pulumi.secret(stack.region) : stack.region;
}

/** A {@link NameScope} whose region may still be an Output. */
type NameScopeInput = Omit<NameScope, "region"> & { region: pulumi.Input<string> };

/** What {@link validateKnown} tells of the arguments' known values. */
interface KnownArgs {
    /** The problems (none: they throw) and warnings of the known values. */
    result: ValidationResult;
    /** True when an Output or a Promise is anywhere in the arguments: they are checked again once resolved. */
    deferred: boolean;
    /** The fanned-out entries of the arguments' view (their own values when nothing is deferred). */
    fanned: readonly FannedEntry[];
}

/**
 * What the child is created from (the inputs of `@pulumi/aws`'s resource or of `@pulumi/aws-native`'s, by
 * backend), and the component's Outputs that do not come from the child.
 */
type Prepared = PreparedOutputs &
    ({ aws: AwsConfigurationArgs; native?: undefined } | { aws?: undefined; native: AwsNativeConfigurationArgs });

/** The part of {@link Prepared} that does not depend on the backend. */
interface PreparedOutputs {
    /** The aws-native provider of `homeRegion`, when the component created one. */
    homeProvider?: pulumi.ProviderResource;
    /** The component's `regions`. */
    regions: pulumi.Output<string[]>;
    /** The component's `distributions`. */
    distributions: pulumi.Output<RenderedDistribution[]>;
    /** The configuration's name when it is a plain string (registered as it is). */
    knownName?: string;
}

/**
 * The canonical entries: synchronously when every region is known now, otherwise once the regions (only
 * they) resolve. Either way the other values stay where they are, so that a preview keeps the known parts
 * of each entry and a secret stays at its leaf.
 */
function canonicalEntries(input: MultiRegionDistributionArgs, known: KnownArgs): pulumi.Input<ApiEntry[]> {
    if (!known.deferred) {
        // Nothing is an Output: validation fanned out the arguments' own values, and they passed.
        return canonicalizeFanned(known.fanned);
    }
    return regionsArePlain(input) ? canonicalizeFanOut(input) : withKnownRegions(input).apply(canonicalizeFanOut);
}

/** True when every region (of `regions` and of `distributions`) is a plain string now. */
function regionsArePlain(args: MultiRegionDistributionArgs): boolean {
    const regions: unknown = args.regions ?? [];
    const distributions: unknown = args.distributions ?? [];
    return (
        Array.isArray(regions) &&
        regions.every((r) => typeof r === "string") &&
        Array.isArray(distributions) &&
        distributions.every((d) => isPlainObject(d) && typeof d.region === "string")
    );
}

/**
 * A list argument as its items: a list given whole as an Output (the type allows only a list of Inputs,
 * but another language's SDK, or a preview through the component package, sends one) becomes one Output of
 * its items, resolved with the regions.
 */
function listOf(list: unknown): { items: pulumi.Input<unknown>; whole: boolean } {
    return Array.isArray(list) ? { items: list, whole: false } : { items: list ?? [], whole: true };
}

/** The items of a resolved list argument; anything else (the late check reports it) has none. */
function resolvedItems(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/**
 * The fan-out arguments once the regions are known: `regions` and each explicit entry's `region`
 * resolved, and nothing else. Every other value stays as given (Outputs included), so that entries made
 * from them keep their unknown and secret values at the leaves. An explicit entry given whole as an
 * Output is resolved whole: its region is inside it.
 */
function withKnownRegions(input: MultiRegionDistributionArgs): pulumi.Output<FanoutInput> {
    const regions = listOf(input.regions);
    const distributions = listOf(input.distributions);
    // What must resolve: the regions, and the region of each explicit entry (or the entry, when it is an
    // Output, or the whole list, when that is one).
    const keys = distributions.whole
        ? distributions.items
        : (distributions.items as unknown[]).map((d) => (isPlainObject(d) ? d.region : d));
    return outputOf<[unknown, unknown]>([regions.items, keys]).apply(([regionsValue, keysValue]) => {
        const knownRegions = resolvedItems(regionsValue);
        const knownKeys = resolvedItems(keysValue);
        return {
            // pulumi.output reads a hole as undefined: the holes of `regions` are kept as holes.
            regions: regions.whole ? knownRegions : mapPresent(regions.items as unknown[], (i) => knownRegions[i]),
            defaults: input.defaults,
            overrides: input.overrides,
            // Holes are dropped, and so is an entry that resolves to no object (null): the late check reports
            // it, and it is not rendered.
            distributions: (distributions.whole
                ? knownKeys
                : (distributions.items as unknown[]).map((d, i) =>
                      isPlainObject(d) ? { ...d, region: knownKeys[i] } : knownKeys[i],
                  )
            ).filter((d) => isPlainObject(d)),
        };
    });
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

/** Fills the deploying account into fast-launch configurations that have none (`@pulumi/aws` needs it). */
function withCallerAccount(
    entries: pulumi.Input<ApiEntry[]>,
    deployingAccount: () => pulumi.Output<string>,
): pulumi.Input<ApiEntry[]> {
    return mapInput(entries, (list) =>
        needsCallerAccount(list) ? withFastLaunchAccount(list, deployingAccount()) : list,
    );
}

/**
 * The sorted regions: those of the canonical entries when they are plain, otherwise those of `regions`
 * and of the explicit `distributions` once they resolve (an entry that resolves to no object has none).
 * Regions only: a secret elsewhere in an explicit entry does not make the region list secret.
 */
function regionsOf(input: MultiRegionDistributionArgs, entries: pulumi.Input<ApiEntry[]>): pulumi.Output<string[]> {
    if (Array.isArray(entries)) {
        return knownOutput(entries.map((e) => e.region as string));
    }
    const regions = listOf(input.regions);
    const distributions = listOf(input.distributions);
    // pulumi.output resolves a list given whole deeply: its entries are plain once it resolves.
    const entryRegions = distributions.whole
        ? outputOf<unknown>(distributions.items).apply((ds) =>
              resolvedItems(ds).map((d) => (isPlainObject(d) ? d.region : undefined)),
          )
        : (distributions.items as unknown[]).map((d) =>
              isPlainObject(d)
                  ? d.region
                  : outputOf<unknown>(d).apply((x) => (isPlainObject(x) ? x.region : undefined)),
          );
    return outputOf<[unknown, unknown]>([regions.items, entryRegions]).apply(([rs, ds]) =>
        [...resolvedItems(rs), ...resolvedItems(ds)].filter((r): r is string => typeof r === "string").sort(),
    );
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
function providerConfig(pkg: string): Record<string, unknown> {
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

/** The secret paths of an entry that holds no secret (shared: never changed). */
const NO_SECRETS: readonly string[] = Object.freeze([]);

/**
 * Validates a view of the arguments (plain data, unknowns as UNKNOWN). Pure. `deployingAccount` is the
 * account that deploys the configuration, when it has been looked up (UNKNOWN when it cannot be).
 * Consumers that hold plain data rather than Outputs (the policy pack) validate with this.
 * @param view the arguments as plain data, {@link UNKNOWN} where a value is not known.
 * @param secrets the paths (as in problems: `distributions[0].amiDistributionConfiguration.kmsKeyId`)
 * whose values are secret; problems at or under them show `[secret]`. Default: none.
 * @param deployingAccount the deploying account's id; default: not looked up, and the rule that needs it
 * is left undecided (the result's `needsDeployingAccount`).
 * @param providerRegion the region of the provider that creates the configuration, when `homeRegion`
 * does not name it (a raw resource's `region`, the stack's `aws:region`); default: not known, and the
 * home region takes part in the partition check only when `homeRegion` gives it.
 * @returns the problems and warnings; never throws.
 */
export function checkArgsView(
    view: unknown,
    secrets: readonly string[] = [],
    deployingAccount?: string | Unknown,
    providerRegion?: string,
): ValidationResult {
    return checkView(view, secrets, deployingAccount, { providerRegion, homeRegionIgnored: false });
}

/** {@link checkArgsView}, told where the configuration is created. */
function checkView(
    view: unknown,
    secrets: readonly string[],
    deployingAccount: string | Unknown | undefined,
    home: KnownHome,
    fanned: readonly FannedEntry[] = fanOutView(view),
): ValidationResult {
    if (view !== undefined && view !== null && !isPlainObject(view)) {
        // Not an object of arguments at all: nothing else can be told about them.
        const secret = secrets.includes("");
        const problem: Problem = {
            code: "argument-type",
            path: "args",
            ...(secret ? {} : { value: view }),
            hasValue: true,
            secret,
            rule: "must be an object of arguments (regions, defaults, ...), not an Output",
            fix: 'give an object such as { regions: ["us-east-1"], defaults: { ... } }',
        };
        return { problems: [problem], warnings: [] };
    }
    const args = isPlainObject(view) ? view : {};
    const entries = fanned.map((e) => ({ entry: e, value: e.value, secrets: NO_SECRETS }));
    return validateConfig({ args, entries, secrets, deployingAccount, ...home });
}

/** The fanned-out entries of a view of the arguments. */
function fanOutView(view: unknown): FannedEntry[] {
    return fanOut((isPlainObject(view) ? view : {}) as FanoutInput);
}

/**
 * Validates the arguments' known values, synchronously. Outputs and Promises count as unknown. The rules
 * that need the deploying account (an SSM parameter's `amiAccountId` that is not a target account;
 * `aws/ebs` or an enabled fast launch with one target account) are left undecided, and the result's
 * `needsDeployingAccount` says so; the component decides them once it has looked the account up (see
 * {@link validateArgsResolved}). Two different target accounts decide the last two without it: at least
 * one of them is another account.
 * @returns the warnings; throws {@link DistributionValidationError} listing every problem.
 */
export function validateArgs(componentName: string, args: MultiRegionDistributionArgs): ValidationResult {
    return validateKnown(componentName, args).result;
}

/**
 * {@link validateArgs}, whether the arguments hold an Output or a Promise anywhere (one walk), and the
 * fanned-out entries of their view (the arguments' own values when nothing is deferred).
 */
function validateKnown(
    componentName: string,
    args: MultiRegionDistributionArgs,
    home: KnownHome = { homeRegionIgnored: false },
): KnownArgs {
    const { view, deferred } = snapshotOf(args);
    const fanned = fanOutView(view);
    const result = checkView(view, argumentSecrets.get(args) ?? [], undefined, home, fanned);
    if (result.problems.length > 0) {
        throw new DistributionValidationError(componentName, result.problems);
    }
    return { result, deferred, fanned };
}

/**
 * Paths of an arguments object that are secret besides its Outputs marked so, for every validation of it:
 * the component package's arguments that arrived as one secret and were taken apart (see
 * {@link ResolvedValidationOptions.secretPaths}). Set by {@link markSecretPaths}; not part of the public API.
 */
const argumentSecrets = new WeakMap<object, readonly string[]>();

/**
 * Marks `paths` of `args` as secret for every validation of that object, the component's own included
 * (internal: the component package's channel, so that a component it creates never shows those keys).
 */
export function markSecretPaths(args: object, paths: readonly string[]): void {
    if (paths.length > 0) {
        argumentSecrets.set(args, paths);
    }
}

/** What {@link validateArgsResolved} may know besides the arguments. */
export interface ResolvedValidationOptions {
    /**
     * The id of the account that deploys the configuration and builds its images. An SSM parameter's
     * `amiAccountId` must be that account or a target account, and `aws/ebs` (an error) or an enabled fast
     * launch (a warning) may go with `targetAccountIds` of that account only; without it (the default)
     * those rules are left undecided and the result says so in `needsDeployingAccount`, except where two
     * different target accounts make one of them another account. An unknown Output counts as unknown,
     * and so does a secret one (messages would name it): the rules that need it pass.
     */
    deployingAccount?: pulumi.Input<string>;
    /**
     * The region of the provider that creates the configuration, when `homeRegion` does not name it (the
     * stack's `aws:region`, an explicit provider's `region`). The home region must be in the partition of
     * the target regions; without it (the default), or when it is unknown or secret, only a `homeRegion`
     * takes part in that check.
     */
    providerRegion?: pulumi.Input<string>;
    /**
     * Paths (as in problems: `overrides`, `defaults.amiDistributionConfiguration`) whose values are secret
     * besides the Outputs marked secret: an argument that arrived as one secret value and was taken apart,
     * whose map keys no Output can mark. Problems at or under them show `[secret]`, and the paths of problems
     * and warnings are cut there where they go on through a map key. Default: none.
     */
    secretPaths?: readonly string[];
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
    return validateResolved(componentName, args, options, false);
}

/** {@link validateArgsResolved}; `homeRegionIgnored` as in {@link Home}. */
async function validateResolved(
    componentName: string,
    args: MultiRegionDistributionArgs,
    options: ResolvedValidationOptions,
    homeRegionIgnored: boolean,
): Promise<ValidationResult> {
    const resolved = await resolveView(args);
    let account: string | Unknown | undefined;
    if (options.deployingAccount !== undefined) {
        // A secret account would be named in messages: it counts as unknown, as in an offline plan.
        const known = await resolveView(options.deployingAccount);
        account =
            typeof known.value === "string" && known.secrets.length === 0 && !isOfflineAccountPlaceholder(known.value)
                ? known.value
                : UNKNOWN;
    }
    let providerRegion: string | undefined;
    if (options.providerRegion !== undefined) {
        // Unknown (in preview) or secret: left out, as when it is not given.
        const region = await resolveView(options.providerRegion);
        providerRegion = typeof region.value === "string" && region.secrets.length === 0 ? region.value : undefined;
    }
    const extra = [...(options.secretPaths ?? []), ...(argumentSecrets.get(args) ?? [])];
    const secrets = extra.length > 0 ? [...resolved.secrets, ...extra] : resolved.secrets;
    const result = checkView(resolved.value, secrets, account, { providerRegion, homeRegionIgnored });
    if (result.problems.length > 0) {
        throw new DistributionValidationError(componentName, result.problems);
    }
    return result;
}
