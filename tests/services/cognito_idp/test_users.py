"""Users: admin creation with temporary passwords, sign-up with codes, attributes, ListUsers filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import PASSWORD


def codes(cumulo: CumuloServer, **query: str) -> list[dict[str, Any]]:
    return httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params=query).json()["codes"]


def test_admin_create_user_is_force_change_password(idp: Any, pool: str, client: str) -> None:
    user = idp.admin_create_user(UserPoolId=pool, Username="carol", TemporaryPassword="Temp0rary!",
                                 UserAttributes=[{"Name": "email", "Value": "carol@example.com"}])["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD" and user["Enabled"]
    assert {a["Name"] for a in user["Attributes"]} == {"sub", "email"}
    with pytest.raises(ClientError) as error:
        idp.admin_create_user(UserPoolId=pool, Username="carol")
    assert error.value.response["Error"]["Code"] == "UsernameExistsException"
    got = idp.admin_get_user(UserPoolId=pool, Username="carol")
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_generated_temporary_password_is_in_the_ledger(cumulo: CumuloServer, idp: Any, pool: str, client: str) -> None:
    idp.admin_create_user(UserPoolId=pool, Username="dave", UserAttributes=[{"Name": "email", "Value": "dave@example.com"}],
                          DesiredDeliveryMediums=["EMAIL"])
    sent = codes(cumulo, username="dave", type="invitation")
    assert len(sent) == 1 and sent[0]["deliveryMedium"] == "EMAIL"
    out = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "dave", "PASSWORD": sent[0]["code"]})
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_sign_up_and_confirm_with_code(cumulo: CumuloServer, idp: Any, pool: str, client: str) -> None:
    out = idp.sign_up(ClientId=client, Username="erin", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "erin@example.com"}])
    assert out["UserConfirmed"] is False and out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "erin", "PASSWORD": PASSWORD})
    assert error.value.response["Error"]["Code"] == "UserNotConfirmedException"
    with pytest.raises(ClientError) as error:
        idp.confirm_sign_up(ClientId=client, Username="erin", ConfirmationCode="000000x")
    assert error.value.response["Error"]["Code"] == "CodeMismatchException"
    code = codes(cumulo, username="erin", type="signup")[-1]["code"]
    idp.confirm_sign_up(ClientId=client, Username="erin", ConfirmationCode=code)
    user = idp.admin_get_user(UserPoolId=pool, Username="erin")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    with pytest.raises(ClientError) as error:
        idp.sign_up(ClientId=client, Username="erin", Password=PASSWORD)
    assert error.value.response["Error"]["Code"] == "UsernameExistsException"


def test_password_policy(idp: Any, pool: str, client: str) -> None:
    with pytest.raises(ClientError) as error:
        idp.sign_up(ClientId=client, Username="x", Password="short")
    assert error.value.response["Error"]["Code"] == "InvalidPasswordException"
    assert error.value.response["Error"]["Message"] == "Password did not conform with policy: Password not long enough"
    with pytest.raises(ClientError) as error:
        idp.sign_up(ClientId=client, Username="x", Password="alllowercase1!")
    assert error.value.response["Error"]["Message"].endswith("Password must have uppercase characters")


def test_attributes_against_the_schema(idp: Any, pool: str, make_user: Any) -> None:
    make_user("frank")
    idp.admin_update_user_attributes(UserPoolId=pool, Username="frank", UserAttributes=[{"Name": "custom:tier", "Value": "gold"}])
    with pytest.raises(ClientError) as error:
        idp.admin_update_user_attributes(UserPoolId=pool, Username="frank", UserAttributes=[{"Name": "custom:tier", "Value": "x" * 11}])
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as error:
        idp.admin_update_user_attributes(UserPoolId=pool, Username="frank", UserAttributes=[{"Name": "custom:nope", "Value": "1"}])
    assert "could not be determined" in error.value.response["Error"]["Message"]
    idp.admin_update_user_attributes(UserPoolId=pool, Username="frank", UserAttributes=[{"Name": "email", "Value": "new@example.com"}])
    attrs = {a["Name"]: a["Value"] for a in idp.admin_get_user(UserPoolId=pool, Username="frank")["UserAttributes"]}
    assert attrs["email"] == "new@example.com" and attrs["email_verified"] == "false" and attrs["custom:tier"] == "gold"
    idp.admin_delete_user_attributes(UserPoolId=pool, Username="frank", UserAttributeNames=["custom:tier"])
    attrs = {a["Name"] for a in idp.admin_get_user(UserPoolId=pool, Username="frank")["UserAttributes"]}
    assert "custom:tier" not in attrs


def test_enable_disable_delete(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("gina")
    idp.admin_disable_user(UserPoolId=pool, Username="gina")
    with pytest.raises(ClientError) as error:
        login(idp, client, "gina")
    assert error.value.response["Error"]["Message"] == "User is disabled."
    idp.admin_enable_user(UserPoolId=pool, Username="gina")
    assert login(idp, client, "gina")["AuthenticationResult"]
    idp.admin_delete_user(UserPoolId=pool, Username="gina")
    with pytest.raises(ClientError) as error:
        idp.admin_get_user(UserPoolId=pool, Username="gina")
    assert (error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]) == ("UserNotFoundException", "User does not exist.")


def test_list_users_filters(idp: Any, pool: str, make_user: Any) -> None:
    make_user("hank", given_name="Hank")
    make_user("hannah")
    make_user("ivan")
    idp.admin_disable_user(UserPoolId=pool, Username="ivan")

    def names(flt: str) -> list[str]:
        return [u["Username"] for u in idp.list_users(UserPoolId=pool, Filter=flt)["Users"]]

    assert names('username ^= "han"') == ["hank", "hannah"]
    assert names('email = "ivan@example.com"') == ["ivan"]
    assert names('status = "Disabled"') == ["ivan"]
    assert names('cognito:user_status = "CONFIRMED"') == ["hank", "hannah", "ivan"]
    assert names('given_name = "Hank"') == ["hank"]
    with pytest.raises(ClientError):
        idp.list_users(UserPoolId=pool, Filter="username = hank")
    page = idp.list_users(UserPoolId=pool, Limit=2)
    rest = idp.list_users(UserPoolId=pool, Limit=2, PaginationToken=page["PaginationToken"])
    assert len(page["Users"]) + len(rest["Users"]) == 3
    only = idp.list_users(UserPoolId=pool, AttributesToGet=["email"])["Users"][0]["Attributes"]
    assert [a["Name"] for a in only] == ["email"]


def test_email_as_username_and_case_insensitivity(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="e", UsernameAttributes=["email"], UsernameConfiguration={"CaseSensitive": False})["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    out = idp.sign_up(ClientId=client, Username="Jo@Example.com", Password=PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool, Username="jo@example.com")
    user = idp.admin_get_user(UserPoolId=pool, Username="JO@example.com")
    assert user["Username"] == out["UserSub"]
    tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "jo@example.com", "PASSWORD": PASSWORD})
    assert tokens["AuthenticationResult"]["IdToken"]
    with pytest.raises(ClientError) as error:
        idp.sign_up(ClientId=client, Username="jo@example.com", Password=PASSWORD)
    assert error.value.response["Error"]["Message"] == "An account with the given email already exists."


def test_forgot_password(cumulo: CumuloServer, idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("kim")
    delivery = idp.forgot_password(ClientId=client, Username="kim")["CodeDeliveryDetails"]
    assert delivery["DeliveryMedium"] == "EMAIL" and delivery["Destination"].startswith("k***@")
    code = codes(cumulo, username="kim", type="forgot")[-1]["code"]
    with pytest.raises(ClientError) as error:
        idp.confirm_forgot_password(ClientId=client, Username="kim", ConfirmationCode="999999" if code != "999999" else "111111", Password="N3wPassw0rd!")
    assert error.value.response["Error"]["Code"] == "CodeMismatchException"
    idp.confirm_forgot_password(ClientId=client, Username="kim", ConfirmationCode=code, Password="N3wPassw0rd!")
    assert login(idp, client, "kim", "N3wPassw0rd!")["AuthenticationResult"]
    with pytest.raises(ClientError):
        login(idp, client, "kim")


def test_admin_reset_then_sign_in_needs_reset(cumulo: CumuloServer, idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("lee")
    idp.admin_reset_user_password(UserPoolId=pool, Username="lee")
    with pytest.raises(ClientError) as error:
        login(idp, client, "lee")
    assert error.value.response["Error"]["Code"] == "PasswordResetRequiredException"


def test_self_service_with_access_token(cumulo: CumuloServer, idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("max")
    token = login(idp, client, "max")["AuthenticationResult"]["AccessToken"]
    assert idp.get_user(AccessToken=token)["Username"] == "max"
    out = idp.update_user_attributes(AccessToken=token, UserAttributes=[{"Name": "email", "Value": "max2@example.com"}])
    assert out["CodeDeliveryDetailsList"][0]["AttributeName"] == "email"
    code = codes(cumulo, username="max", type="verify:email")[-1]["code"]
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    attrs = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=token)["UserAttributes"]}
    assert attrs["email_verified"] == "true"
    with pytest.raises(ClientError) as error:
        idp.change_password(AccessToken=token, PreviousPassword="wrong", ProposedPassword="An0ther!pass")
    assert error.value.response["Error"]["Message"] == "Incorrect username or password."
    idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword="An0ther!pass")
    assert login(idp, client, "max", "An0ther!pass")["AuthenticationResult"]
    idp.delete_user(AccessToken=token)
    with pytest.raises(ClientError):
        idp.admin_get_user(UserPoolId=pool, Username="max")


def test_fakecloud_sdk_reads_codes_and_confirms(cumulo: CumuloServer, idp: Any, pool: str, client: str) -> None:
    from fakecloud import FakeCloudSync
    from fakecloud.types import ConfirmUserRequest

    idp.sign_up(ClientId=client, Username="nia", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "nia@example.com"}])
    sdk = FakeCloudSync(cumulo.url)
    codes = sdk.cognito.get_confirmation_codes().codes
    assert [(c.username, c.code_type) for c in codes] == [("nia", "signup")]
    assert sdk.cognito.get_user_codes(pool, "nia").confirmation_code == codes[0].code
    assert sdk.cognito.confirm_user(ConfirmUserRequest(user_pool_id=pool, username="nia")).confirmed
    assert idp.admin_get_user(UserPoolId=pool, Username="nia")["UserStatus"] == "CONFIRMED"


def test_forgot_password_needs_a_verified_address(idp: Any, pool: str, client: str) -> None:
    idp.admin_create_user(UserPoolId=pool, Username="ola", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ola@example.com"}])
    with pytest.raises(ClientError) as error:
        idp.forgot_password(ClientId=client, Username="ola")
    assert error.value.response["Error"]["Message"].startswith("Cannot reset password for the user as there is no registered/verified")
