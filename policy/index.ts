/**
 * The `imagebuilder-distribution` policy pack: every rule of pulumi-imagebuilder-distribution, applied
 * to every EC2 Image Builder DistributionConfiguration (`@pulumi/aws` and `@pulumi/aws-native`) of a
 * stack in any language. `pulumi preview --policy-pack <this directory>`; see docs/policy.md.
 *
 * Constructing the PolicyPack starts serving it (the Pulumi CLI reads the port it prints), so the
 * policies live in `policies.ts`, which tests import.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./policies";

new PolicyPack(PACK_NAME, packArgs());
