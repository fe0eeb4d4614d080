/**
 * Rendering for `@pulumi/aws` (the classic, Terraform-based provider), and back.
 *
 * Where `@pulumi/aws` differs from the API, the component sends the API's meaning:
 * - `setDefaultVersion` is called `default` (both default to `true`; canonical entries always carry it);
 * - a fast-launch configuration requires `accountId` in `@pulumi/aws` but not in the API: the deploying
 *   account is filled in.
 */
import type * as awsInputs from "@pulumi/aws/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { ApiEntry } from "../canonical";
import { isDeferred, isPlainObject, mapInput } from "../values";
import { renameMember, withMember } from "./common";

/** True when some fast-launch configuration has no `accountId` (so the caller's account is needed). */
export function needsCallerAccount(entries: readonly ApiEntry[]): boolean {
    return entries.some((e) => {
        const fl = e.fastLaunchConfigurations;
        if (fl === undefined) {
            return false;
        }
        if (!Array.isArray(fl)) {
            return true;
        }
        return fl.some((c) => !isPlainObject(c) || c.accountId === undefined);
    });
}

function fillFastLaunch(c: unknown, account: pulumi.Input<string> | undefined): unknown {
    if (isDeferred(c)) {
        return mapInput(c as pulumi.Input<Record<string, unknown>>, (x) => fillFastLaunch(x, account));
    }
    if (!isPlainObject(c)) {
        return c;
    }
    if (c.accountId !== undefined || account === undefined) {
        return c;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) {
        out[k] = v;
    }
    out.accountId = account;
    return out;
}

/** The API-shaped entries with the deploying account filled into fast-launch configurations. */
export function withFastLaunchAccount(
    entries: readonly ApiEntry[],
    account: pulumi.Input<string> | undefined,
): ApiEntry[] {
    return entries.map((e) => {
        const fl = e.fastLaunchConfigurations;
        if (fl === undefined || account === undefined) {
            return e;
        }
        const filled = Array.isArray(fl)
            ? fl.map((c) => fillFastLaunch(c, account))
            : isDeferred(fl)
              ? mapInput(fl as pulumi.Input<unknown[]>, (l) =>
                    Array.isArray(l) ? l.map((c) => fillFastLaunch(c, account)) : l,
                )
              : fl;
        return { ...e, fastLaunchConfigurations: filled };
    });
}

function renameLaunchTemplates(lts: unknown, from: string, to: string): unknown {
    if (isDeferred(lts)) {
        return mapInput(lts as pulumi.Input<unknown[]>, (l) => renameLaunchTemplates(l, from, to));
    }
    if (!Array.isArray(lts)) {
        return lts;
    }
    return lts.map((lt) => renameMember(lt, from, to));
}

/** Launch template lists already rendered: entries that share a list (canonicalizeFanOut) share its rendering. */
const renderedLaunchTemplates = new WeakMap<object, unknown>();

function awsLaunchTemplates(lts: unknown): unknown {
    if (!Array.isArray(lts)) {
        return renameLaunchTemplates(lts, "setDefaultVersion", "default");
    }
    let rendered = renderedLaunchTemplates.get(lts);
    if (rendered === undefined) {
        rendered = renameLaunchTemplates(lts, "setDefaultVersion", "default");
        renderedLaunchTemplates.set(lts, rendered);
    }
    return rendered;
}

/** One distribution as `@pulumi/aws` takes it (a type only: nothing of `@pulumi/aws` is loaded here). */
export type AwsDistribution = awsInputs.imagebuilder.DistributionConfigurationDistribution;

/**
 * One canonical entry as `@pulumi/aws`'s `DistributionConfigurationDistribution`. Canonical entries
 * hold the model's members only (see `shapeCopy`), and the provider names them as the API does but for
 * the launch template's `default`: that renaming makes the entry the provider's type.
 */
export function toAwsDistribution(e: ApiEntry): AwsDistribution {
    return withMember(e, "launchTemplateConfigurations", awsLaunchTemplates) as AwsDistribution;
}

/** Canonical entries as `@pulumi/aws` distributions (fast-launch accounts filled by the caller). */
export function renderAws(entries: readonly ApiEntry[]): AwsDistribution[] {
    return entries.map(toAwsDistribution);
}

/** The API's shape of `@pulumi/aws` distributions (resolved values), for plans and parity checks. */
export function awsToApi(distributions: readonly object[]): Record<string, unknown>[] {
    return (distributions as readonly Record<string, unknown>[]).map((d) =>
        withMember(d, "launchTemplateConfigurations", (v) => renameLaunchTemplates(v, "default", "setDefaultVersion"), {
            dropNullish: true,
        }),
    );
}
