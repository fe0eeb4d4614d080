/**
 * The mocks the plan runs a program with (as a preview): deterministic ARNs for distribution
 * configurations and KMS keys, unknown ids and computed outputs for every other resource, fixed
 * answers for the invokes a distribution program commonly makes, and a clear failure for any other.
 */
import type * as pulumiType from "@pulumi/pulumi";
import { partitionOf } from "../components/distribution/regions";
import { distributionConfigurationArn } from "./arn";
import { DISTRIBUTION_TYPES, FALLBACK_REGION, PLACEHOLDER_ACCOUNT, WIRE } from "./constants";
import { isObject } from "./json";

/** The id a mock gives a resource whose id is not known before it is created (the SDK reads "" as unknown). */
const UNKNOWN_ID = "";

function unwrapSecret(v: unknown): unknown {
    return isWireSecret(v) ? v.value : v;
}

/** True for a secret as the wire carries it. */
function isWireSecret(v: unknown): v is { value: unknown } {
    return isObject(v) && v[WIRE.SIG_KEY] === WIRE.SECRET_SIG;
}

/** `v` as a secret on the wire when `secret`, else `v`. */
function maybeSecret(v: unknown, secret: boolean): unknown {
    return secret ? { [WIRE.SIG_KEY]: WIRE.SECRET_SIG, value: v } : v;
}

/**
 * An error for a failed invoke. The SDK passes on a failed invoke as a new Error of the RPC error's
 * `details` (what the engine reports to users), so the message is given there too.
 */
function invokeError(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

/**
 * Whether a mock's input is a value that is not known (in a preview the SDK hands mocks an object that
 * stands for it): anything given that is not plain data.
 */
function isUnknownValue(v: unknown): boolean {
    return (
        v !== undefined &&
        v !== null &&
        typeof v === "object" &&
        !Array.isArray(v) &&
        Object.getPrototypeOf(v) !== Object.prototype
    );
}

/** A `region` input: the region code, null when it is given but not known, undefined when not given. */
function regionInput(v: unknown): string | null | undefined {
    const region = unwrapSecret(v);
    if (typeof region === "string" && region !== "") {
        return region;
    }
    return isUnknownValue(region) ? null : undefined;
}

/** The package of a type token (`aws` of `aws:kms/key:Key`, `aws-native` of `aws-native:kms:Key`). */
function packageOf(type: string): string {
    return type.split(":")[0];
}

/** Splits a provider reference (`<urn>::<id>`) into the provider's type and name. */
function providerKey(ref: string | undefined): string | undefined {
    if (!ref) {
        return undefined;
    }
    const parts = ref.split("::");
    if (parts.length < 3) {
        return undefined;
    }
    const type = (parts[parts.length - 3].split("$").pop() ?? "").trim();
    return `${type}::${parts[parts.length - 2]}`;
}

/** Mocks with a memory of the providers registered, so that a resource gets its provider's region. */
export class PlanMocks implements pulumiType.runtime.Mocks {
    /** The region of each provider registered: a region code, or null when it is not known (an Output). */
    private readonly providerRegions = new Map<string, string | null>();
    /** The providers whose `region` is secret. */
    private readonly secretProviderRegions = new Set<string>();

    /** @param config the stack's config, by full key (`aws:region` decides the default region). */
    constructor(private readonly config: Record<string, string>) {}

    /**
     * The region a resource of `pkg` lives in: its own `region`, else its provider's, else the stack's
     * config, else {@link FALLBACK_REGION}. Null when the region is given but not known (an unknown
     * Output in a preview).
     */
    public knownRegionFor(pkg: string, explicit: unknown, provider: string | undefined): string | null {
        const own = regionInput(explicit);
        if (own !== undefined) {
            return own;
        }
        const key = providerKey(provider);
        const fromProvider = key === undefined ? undefined : this.providerRegions.get(key);
        if (fromProvider !== undefined) {
            return fromProvider;
        }
        // aws-native's default provider does not read aws:region.
        const configured = this.config[`${pkg}:region`] ?? (pkg === "aws" ? this.config["aws:region"] : undefined);
        return configured !== undefined && configured !== "" ? configured : FALLBACK_REGION;
    }

    /**
     * Whether the region {@link knownRegionFor} finds is secret: its own `region` input, or its provider's.
     * An ARN in that region is secret then, as the region would show in it.
     */
    public regionIsSecret(explicit: unknown, provider: string | undefined): boolean {
        if (regionInput(explicit) !== undefined) {
            return isWireSecret(explicit);
        }
        const key = providerKey(provider);
        return key !== undefined && this.secretProviderRegions.has(key);
    }

    /** The region an invoke of `pkg` answers for ({@link FALLBACK_REGION} when it is not known). */
    public regionFor(pkg: string, explicit: unknown, provider: string | undefined): string {
        return this.knownRegionFor(pkg, explicit, provider) ?? FALLBACK_REGION;
    }

    /**
     * Registers a resource, as a preview sees a resource it is about to create: its inputs come back as
     * its state, and what only AWS knows once it exists (its id, generated names, most ARNs) is unknown.
     * A provider gets an id; a distribution configuration its ARN (the plan's subject); a KMS key or alias
     * an ARN in its provider's region, so that the region rules of `kmsKeyId` are checked offline.
     */
    public newResource(args: pulumiType.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = args.inputs ?? {};
        const state: Record<string, unknown> = { ...inputs };
        if (args.type.startsWith("pulumi:providers:")) {
            const region = regionInput(inputs.region);
            if (region !== undefined) {
                this.providerRegions.set(`${args.type}::${args.name}`, region);
                if (isWireSecret(inputs.region)) {
                    this.secretProviderRegions.add(`${args.type}::${args.name}`);
                }
            }
            return { id: `${args.name}-id`, state };
        }
        const pkg = packageOf(args.type);
        if (pkg !== "aws" && pkg !== "aws-native") {
            return { id: UNKNOWN_ID, state };
        }
        const region = this.knownRegionFor(pkg, inputs.region, args.provider);
        if (region === null) {
            // Where it lives is not known: neither is its ARN.
            return { id: UNKNOWN_ID, state };
        }
        const partition = partitionOf(region);
        const regionSecret = this.regionIsSecret(inputs.region, args.provider);
        if (args.type === DISTRIBUTION_TYPES.aws || args.type === DISTRIBUTION_TYPES["aws-native"]) {
            const given = unwrapSecret(inputs.name);
            if (isUnknownValue(given)) {
                return { id: UNKNOWN_ID, state };
            }
            const arn = distributionConfigurationArn(String(given ?? args.name), region, PLACEHOLDER_ACCOUNT);
            // The ARN shows the name and the region: it is as secret as they are (an id cannot be secret).
            const secret = regionSecret || isWireSecret(inputs.name);
            state.arn = maybeSecret(arn, secret);
            return { id: secret ? UNKNOWN_ID : arn, state };
        }
        // `aws:kms/key:Key` -> kms, key; `aws-native:kms:Key` -> kms, key.
        const [, module = "", member = ""] = args.type.split(":");
        const service = module.split("/")[0].toLowerCase();
        if (service === "kms" && state.arn === undefined) {
            const kind = member.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
            state.arn = maybeSecret(
                `arn:${partition}:kms:${region}:${PLACEHOLDER_ACCOUNT}:${kind}/${args.name}-id`,
                regionSecret,
            );
        }
        return { id: UNKNOWN_ID, state };
    }

    /** Answers an invoke; throws for an invoke the plan cannot answer offline. */
    public call(args: pulumiType.runtime.MockCallArgs): Record<string, unknown> {
        const pkg = packageOf(args.token);
        const region = this.regionFor(pkg, (args.inputs ?? {}).region, args.provider);
        const partition = partitionOf(region);
        const dnsSuffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    id: PLACEHOLDER_ACCOUNT,
                    accountId: PLACEHOLDER_ACCOUNT,
                    arn: `arn:${partition}:iam::${PLACEHOLDER_ACCOUNT}:user/offline-plan`,
                    userId: "AIDAOFFLINEPLAN",
                };
            case "aws:index/getRegion:getRegion":
                return {
                    id: region,
                    name: region,
                    region,
                    description: region,
                    endpoint: `ec2.${region}.${dnsSuffix}`,
                };
            case "aws:index/getPartition:getPartition":
                return {
                    id: partition,
                    partition,
                    dnsSuffix,
                    reverseDnsSuffix: dnsSuffix.split(".").reverse().join("."),
                };
            case "aws-native:index:getAccountId":
                return { accountId: PLACEHOLDER_ACCOUNT };
            case "aws-native:index:getRegion":
                return { region };
            case "aws-native:index:getPartition":
                return { partition };
            case "aws-native:index:getUrlSuffix":
                return { urlSuffix: dnsSuffix };
            default:
                throw invokeError(
                    `the offline plan cannot answer the invoke ${args.token}: it only knows getCallerIdentity, ` +
                        `getRegion, getPartition, getAccountId and getUrlSuffix; pass the value through config instead`,
                );
        }
    }
}
