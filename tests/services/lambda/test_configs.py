"""Code signing configs, provisioned concurrency, recursion/scaling/runtime management, capacity providers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

PROFILE = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abcdef1234"


def _error(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"]


def test_code_signing_config_lifecycle_and_enforcement(lam, python_function, zipped) -> None:
    warn = lam.create_code_signing_config(Description="d", AllowedPublishers={"SigningProfileVersionArns": [PROFILE]})["CodeSigningConfig"]
    assert warn["CodeSigningConfigId"].startswith("csc-") and warn["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Warn"}
    arn = warn["CodeSigningConfigArn"]
    assert lam.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"]["Description"] == "d"
    python_function("signed", CodeSigningConfigArn=arn)  # Warn lets unsigned code through
    assert lam.get_function_code_signing_config(FunctionName="signed")["CodeSigningConfigArn"] == arn
    assert lam.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"][0].endswith(":function:signed")
    assert _error(lam.delete_code_signing_config, CodeSigningConfigArn=arn) == "ResourceConflictException"

    lam.update_code_signing_config(CodeSigningConfigArn=arn, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"})
    assert _error(lam.update_function_code, FunctionName="signed", ZipFile=zipped({"app.py": "x = 1"})) == "CodeVerificationFailedException"
    assert _error(python_function, name="other", CodeSigningConfigArn=arn) == "CodeVerificationFailedException"

    lam.delete_function_code_signing_config(FunctionName="signed")
    assert lam.get_function_code_signing_config(FunctionName="signed")["CodeSigningConfigArn"] == ""
    missing = arn[:-3] + "zzz"
    assert _error(lam.put_function_code_signing_config, FunctionName="signed", CodeSigningConfigArn=missing) == "CodeSigningConfigNotFoundException"
    lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    assert lam.list_code_signing_configs()["CodeSigningConfigs"] == []


def test_provisioned_concurrency_prestarts_environments(lam, python_function, cumulo, cumulo_clock) -> None:
    python_function("warm")
    version = lam.publish_version(FunctionName="warm")["Version"]
    lam.create_alias(FunctionName="warm", Name="live", FunctionVersion=version)
    assert _error(lam.put_provisioned_concurrency_config, FunctionName="warm", Qualifier="$LATEST", ProvisionedConcurrentExecutions=1) == "InvalidParameterValueException"
    put = lam.put_provisioned_concurrency_config(FunctionName="warm", Qualifier="live", ProvisionedConcurrentExecutions=2)
    assert put["Status"] == "IN_PROGRESS" and put["RequestedProvisionedConcurrentExecutions"] == 2
    # One config per version: the alias already provisions it.
    assert _error(lam.put_provisioned_concurrency_config, FunctionName="warm", Qualifier=version, ProvisionedConcurrentExecutions=1) == "ResourceConflictException"

    deadline = time.monotonic() + 20
    status = ""
    while time.monotonic() < deadline:
        cumulo_clock.advance(6)
        status = lam.get_provisioned_concurrency_config(FunctionName="warm", Qualifier="live")["Status"]
        if status == "READY":
            break
        time.sleep(0.2)
    assert status == "READY"
    got = lam.get_provisioned_concurrency_config(FunctionName="warm", Qualifier="live")
    assert got["AllocatedProvisionedConcurrentExecutions"] == got["AvailableProvisionedConcurrentExecutions"] == 2
    envs = [e for e in _environments(cumulo) if e.spec.name == "warm" and e.spec.version == version]
    assert len(envs) == 2 and all(e.initialization == "provisioned-concurrency" for e in envs)

    answer = lam.invoke(FunctionName="warm", Qualifier="live", Payload=b"{}")
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer
    listed = lam.list_provisioned_concurrency_configs(FunctionName="warm")["ProvisionedConcurrencyConfigs"]
    assert [c["FunctionArn"].rsplit(":", 1)[1] for c in listed] == ["live"]
    lam.delete_provisioned_concurrency_config(FunctionName="warm", Qualifier="live")
    assert _error(lam.get_provisioned_concurrency_config, FunctionName="warm", Qualifier="live") == "ProvisionedConcurrencyConfigNotFoundException"


def _environments(cumulo) -> list[Any]:
    from cumulo.runtimes import executor_for

    return executor_for(cumulo.runtime).environments()


def test_provisioned_concurrency_within_reserved(lam, python_function) -> None:
    python_function("capped")
    version = lam.publish_version(FunctionName="capped")["Version"]
    lam.put_function_concurrency(FunctionName="capped", ReservedConcurrentExecutions=1)
    assert _error(lam.put_provisioned_concurrency_config, FunctionName="capped", Qualifier=version, ProvisionedConcurrentExecutions=2) == "InvalidParameterValueException"


def test_recursion_scaling_and_runtime_management(lam, python_function) -> None:
    python_function("knobs")
    assert lam.get_function_recursion_config(FunctionName="knobs")["RecursiveLoop"] == "Terminate"
    assert lam.put_function_recursion_config(FunctionName="knobs", RecursiveLoop="Allow")["RecursiveLoop"] == "Allow"
    assert lam.get_function_recursion_config(FunctionName="knobs")["RecursiveLoop"] == "Allow"

    version = lam.publish_version(FunctionName="knobs")["Version"]
    config = {"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 4}
    assert lam.put_function_scaling_config(FunctionName="knobs", Qualifier=version, FunctionScalingConfig=config)["FunctionState"] == "Active"
    got = lam.get_function_scaling_config(FunctionName="knobs", Qualifier="$LATEST.PUBLISHED")
    assert got["FunctionArn"].endswith(f":knobs:{version}") and got["RequestedFunctionScalingConfig"] == config == got["AppliedFunctionScalingConfig"]
    bad = {"MinExecutionEnvironments": 5, "MaxExecutionEnvironments": 1}
    assert _error(lam.put_function_scaling_config, FunctionName="knobs", Qualifier=version, FunctionScalingConfig=bad) == "InvalidParameterValueException"

    assert lam.get_runtime_management_config(FunctionName="knobs")["UpdateRuntimeOn"] == "Auto"
    assert _error(lam.put_runtime_management_config, FunctionName="knobs", UpdateRuntimeOn="Manual") == "InvalidParameterValueException"
    pinned = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    lam.put_runtime_management_config(FunctionName="knobs", UpdateRuntimeOn="Manual", RuntimeVersionArn=pinned)
    got = lam.get_runtime_management_config(FunctionName="knobs")
    assert got["UpdateRuntimeOn"] == "Manual" and got["RuntimeVersionArn"] == pinned
    assert lam.get_function_configuration(FunctionName="knobs")["RuntimeVersionConfig"]["RuntimeVersionArn"] == pinned


def test_capacity_provider_telemetry_and_tag_propagation_round_trip(lam) -> None:
    telemetry = {"LoggingConfig": {"SystemLogLevel": "INFO", "LogGroup": "/aws/lambda/capacity-provider/logged"}}
    created = lam.create_capacity_provider(
        CapacityProviderName="logged",
        VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": "arn:aws:iam::000000000000:role/op"},
        TelemetryConfig=telemetry, PropagateTags={"Mode": "None"},
    )["CapacityProvider"]
    assert created["TelemetryConfig"] == telemetry and created["PropagateTags"] == {"Mode": "None"}
    got = lam.get_capacity_provider(CapacityProviderName="logged")["CapacityProvider"]
    assert got["TelemetryConfig"] == telemetry and got["PropagateTags"] == {"Mode": "None"}


def test_capacity_provider_states(lam, python_function, cumulo_clock) -> None:
    created = lam.create_capacity_provider(
        CapacityProviderName="pool",
        VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": "arn:aws:iam::000000000000:role/op"},
    )["CapacityProvider"]
    assert created["State"] == "Pending"
    assert _error(lam.create_capacity_provider, CapacityProviderName="pool", VpcConfig=created["VpcConfig"], PermissionsConfig=created["PermissionsConfig"]) == "ResourceConflictException"
    cumulo_clock.advance(6)
    assert lam.get_capacity_provider(CapacityProviderName="pool")["CapacityProvider"]["State"] == "Active"
    assert [p["State"] for p in lam.list_capacity_providers(State="Active")["CapacityProviders"]] == ["Active"]
    updated = lam.update_capacity_provider(CapacityProviderName="pool", CapacityProviderScalingConfig={"ScalingMode": "Manual", "MaxVCpuCount": 8})
    assert updated["CapacityProvider"]["CapacityProviderScalingConfig"]["MaxVCpuCount"] == 8
    telemetry = {"LoggingConfig": {"SystemLogLevel": "WARN", "LogGroup": "/custom/pool"}}
    tags = {"Mode": "Explicit", "ExplicitTags": {"team": "a"}}
    lam.update_capacity_provider(CapacityProviderName="pool", TelemetryConfig=telemetry, PropagateTags=tags)
    got = lam.get_capacity_provider(CapacityProviderName="pool")["CapacityProvider"]
    assert got["TelemetryConfig"] == telemetry and got["PropagateTags"] == tags

    python_function("managed", CapacityProviderConfig={"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": created["CapacityProviderArn"]}})
    versions = lam.list_function_versions_by_capacity_provider(CapacityProviderName="pool")["FunctionVersions"]
    assert [v["FunctionArn"].rsplit(":", 1)[1] for v in versions] == ["managed"]
    assert _error(lam.delete_capacity_provider, CapacityProviderName="pool") == "ResourceConflictException"
    lam.delete_function(FunctionName="managed")
    assert lam.delete_capacity_provider(CapacityProviderName="pool")["CapacityProvider"]["State"] == "Deleting"
    cumulo_clock.advance(6)
    assert _error(lam.get_capacity_provider, CapacityProviderName="pool") == "ResourceNotFoundException"


def test_runtime_config_round_trips(lam, python_function) -> None:
    runtime = {"RuntimeArn": "arn:aws:lambda:us-east-1:000000000000:runtime/my-runtime", "RuntimeAlias": "live"}
    assert python_function("custom-rt", RuntimeConfig=runtime)["RuntimeConfig"] == runtime
    assert lam.get_function(FunctionName="custom-rt")["Configuration"]["RuntimeConfig"] == runtime
    moved = {**runtime, "RuntimeAlias": "next"}
    lam.update_function_configuration(FunctionName="custom-rt", RuntimeConfig=moved)
    assert lam.get_function_configuration(FunctionName="custom-rt")["RuntimeConfig"] == moved
