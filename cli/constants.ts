/**
 * The constants of the plan command, each defined once: its exit codes, the placeholders a plan
 * prints for what is not known offline, the type tokens it recognises, and the signatures of
 * Pulumi's wire format that it decodes.
 */

/** The exit codes, as documented in the usage text, docs/plan.md and docs/verify.md. */
export const EXIT = {
    /** The plan was printed (with or without changes against `--diff`); with `--verify`, AWS accepted every request. */
    OK: 0,
    /** A MultiRegionDistribution rejected its arguments, or (with `--verify`) AWS rejected a request. */
    INVALID_INPUT: 1,
    /** The program failed: it threw, or a resource or invoke failed. */
    PROGRAM_FAILED: 2,
    /** With `--verify`: some request could not be verified (no credentials, access denied, network, unknown values) and none was rejected. */
    UNVERIFIED: 3,
    /** Bad arguments, or a directory that cannot be planned (sysexits' EX_USAGE). */
    USAGE: 64,
} as const;

/** What a secret value prints as, everywhere in a plan (and what `secure:` config reads as offline). */
export const SECRET = "[secret]";
/** What a value that is not known (only possible in preview) prints as. */
export const UNKNOWN = "[unknown]";
/** The account id that stands for the deploying account in a plan. */
export const PLACEHOLDER_ACCOUNT = "123456789012";
/** The region used when neither the resource, its provider nor the config names one. */
export const FALLBACK_REGION = "us-east-1";

/** The type tokens of a distribution configuration, by backend. */
export const DISTRIBUTION_TYPES = {
    aws: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
    "aws-native": "aws-native:imagebuilder:DistributionConfiguration",
} as const;

/**
 * Pulumi's wire format of property values (the SDK's `runtime/rpc`): the key that marks a special
 * value (`specialSigKey`), the signature of each kind of special value, and the string that stands
 * for an unknown value (`unknownValue`).
 */
export const WIRE = {
    /** The key whose value says what a special object is. */
    SIG_KEY: "4dabf18193072939515e22adb298388d",
    /** A secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
    SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270",
    /** A resource reference: `{ [SIG_KEY]: RESOURCE_SIG, urn, id? }`. */
    RESOURCE_SIG: "5cf8f73096256a8f31e491e813e4eb8e",
    /** An output value: `{ [SIG_KEY]: OUTPUT_VALUE_SIG, value?, secret?, dependencies? }`. */
    OUTPUT_VALUE_SIG: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
    /** An asset (path, text or URI). */
    ASSET_SIG: "c44067f5952c0a294b673a41bacd8c17",
    /** An archive (path, assets or URI). */
    ARCHIVE_SIG: "0def7320c3a5731c473e5ecbe6d01bc7",
    /** An unknown value, as a plain string. */
    UNKNOWN_VALUE: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
} as const;
