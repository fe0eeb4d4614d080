"""A golden AMI shipped to five regions and two accounts, from Python.

The settings are written once in `defaults`. Frankfurt encrypts with its own KMS key and publishes the
AMI id to SSM, Oregon also updates a launch template, Sao Paulo shares with an OU, and Virginia does
not copy the AMI to the other accounts (`unset` clears a setting of `defaults` in one region).

Run it: see README.md (`pulumi package add`, then `pulumi preview`).
"""
import pulumi
import pulumi_imagebuilder_distribution as ib

config = pulumi.Config()
target_account_ids = config.get_object("targetAccountIds") or ["111122223333"]
ami_prefix = config.get("amiPrefix") or "golden-ami"

golden = ib.MultiRegionDistribution(
    "golden-ami",
    description="Golden Amazon Linux 2023 AMI for every workload account",
    backend=ib.Backend.AWS,
    regions=["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "sa-east-1"],
    defaults=ib.DistributionSettingsArgs(
        ami_distribution_configuration=ib.AmiDistributionConfigurationArgs(
            name=f"{ami_prefix}-{{{{ imagebuilder:buildDate }}}}",
            description="Hardened Amazon Linux 2023",
            target_account_ids=target_account_ids,
            ami_tags={"Team": "platform", "Image": ami_prefix},
        ),
    ),
    overrides={
        "eu-central-1": ib.DistributionSettingsArgs(
            ami_distribution_configuration=ib.AmiDistributionConfigurationArgs(
                kms_key_id="arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                ami_tags={"DataResidency": "eu"},
            ),
            ssm_parameter_configurations=[
                ib.SsmParameterConfigurationArgs(
                    parameter_name="/golden/al2023/latest",
                    data_type=ib.SsmParameterDataType.AWS_EC2_IMAGE,
                ),
            ],
        ),
        "us-west-2": ib.DistributionSettingsArgs(
            launch_template_configurations=[
                ib.LaunchTemplateConfigurationArgs(
                    launch_template_id="lt-0123456789abcdef0",
                    account_id="111122223333",
                    set_default_version=True,
                ),
            ],
        ),
        "sa-east-1": ib.DistributionSettingsArgs(
            ami_distribution_configuration=ib.AmiDistributionConfigurationArgs(
                launch_permission=ib.LaunchPermissionConfigurationArgs(
                    organizational_unit_arns=[
                        "arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefgh34",
                    ],
                ),
            ),
        ),
        # NONE from Python: the paths of the settings of `defaults` that this region does not get.
        "us-east-1": ib.DistributionSettingsArgs(
            unset=["amiDistributionConfiguration.targetAccountIds"],
        ),
    },
    tags={"Owner": "platform-team", "CostCenter": "1234"},
)

pulumi.export("arn", golden.arn)
pulumi.export("configurationName", golden.name)
pulumi.export("regions", golden.regions)
