"""EventBridge Scheduler's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy
from tests.services.scheduler.conftest import ROLE


def test_group_and_schedule(cumulo: CumuloServer, scheduler: Any, make_queue: Any) -> None:
    _, arn = make_queue("q")
    gctx, group = make(cumulo, "AWS::Scheduler::ScheduleGroup", {"Name": "jobs", "Tags": [{"Key": "k", "Value": "v"}]})
    got = scheduler.get_schedule_group(Name="jobs")
    assert group.attributes["Arn"] == got["Arn"] and group.attributes["State"] == "ACTIVE"
    assert scheduler.list_tags_for_resource(ResourceArn=got["Arn"])["Tags"] == [{"Key": "k", "Value": "v"}]
    update(cumulo, "AWS::Scheduler::ScheduleGroup", gctx, "jobs", {"Name": "jobs"}, {"Tags": [{"Key": "k", "Value": "v"}]})
    assert scheduler.list_tags_for_resource(ResourceArn=got["Arn"])["Tags"] == []

    props = {"GroupName": "jobs", "ScheduleExpression": "rate(5 minutes)", "Target": {"Arn": arn, "RoleArn": ROLE, "Input": "{}"}}
    ctx, sched = make(cumulo, "AWS::Scheduler::Schedule", props)
    got = scheduler.get_schedule(Name=sched.physical_id, GroupName="jobs")
    assert sched.attributes["Arn"] == got["Arn"] and got["FlexibleTimeWindow"] == {"Mode": "OFF"}
    new = {**props, "ScheduleExpression": "rate(1 hour)", "State": "DISABLED",
           "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": "10"}}
    update(cumulo, "AWS::Scheduler::Schedule", ctx, sched.physical_id, new, props)
    got = scheduler.get_schedule(Name=sched.physical_id, GroupName="jobs")
    assert (got["ScheduleExpression"], got["State"], got["FlexibleTimeWindow"]["MaximumWindowInMinutes"]) == ("rate(1 hour)", "DISABLED", 10)
    assert read(cumulo, "AWS::Scheduler::Schedule", ctx, sched.physical_id, new)["State"] == "DISABLED"
    delete(cumulo, "AWS::Scheduler::Schedule", ctx, sched.physical_id, new)
    assert scheduler.list_schedules()["Schedules"] == []
    delete(cumulo, "AWS::Scheduler::ScheduleGroup", gctx, "jobs", {})
    assert [g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]] == ["default"]


def test_sample_template_deploys(cumulo: CumuloServer, scheduler: Any) -> None:
    stack = deploy(cumulo, "scheduler.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values() if r["Type"].startswith("AWS::Scheduler::")} == {
        t for t in resource_types() if t.startswith("AWS::Scheduler::")}
    assert scheduler.get_schedule(Name=stack.physical("Nightly"), GroupName="sample-jobs")["State"] == "ENABLED"
    stack.delete()
    assert scheduler.list_schedules()["Schedules"] == []
