/**
 * A Windows AMI written as explicit, API-shaped distributions: fast launch in us-east-1, a VHD export
 * to S3 and a License Manager configuration in us-west-2. `distributions` and the `regions` fan-out
 * can be combined; each region appears once.
 */
import { MultiRegionDistribution } from "../../components";

const windows = new MultiRegionDistribution("windows-server", {
    name: "windows-server-2022",
    description: "Windows Server 2022 with fast launch",
    distributions: [
        {
            region: "us-west-2",
            amiDistributionConfiguration: { name: "win2022-{{ imagebuilder:buildDate }}" },
            licenseConfigurationArns: [
                "arn:aws:license-manager:us-west-2:111122223333:license-configuration:lic-0123456789abcdef0123456789abcdef",
            ],
            s3ExportConfiguration: {
                roleName: "vmimport",
                diskImageFormat: "VHD",
                s3Bucket: "golden-image-exports",
                s3Prefix: "windows/2022/",
            },
        },
        {
            region: "us-east-1",
            amiDistributionConfiguration: { name: "win2022-{{ imagebuilder:buildDate }}" },
            fastLaunchConfigurations: [
                {
                    enabled: true,
                    maxParallelLaunches: 10,
                    snapshotConfiguration: { targetResourceCount: 5 },
                    launchTemplate: { launchTemplateId: "lt-0abcdef1234567890", launchTemplateVersion: "2" },
                },
            ],
        },
    ],
});

export const arn = windows.arn;
export const regions = windows.regions;
