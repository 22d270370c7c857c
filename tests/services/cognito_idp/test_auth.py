"""Sign-in: every flow and challenge through boto3, SRP through pycognito, TOTP with pyotp, lockout."""

from __future__ import annotations

from typing import Any

import jwt
import pyotp
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito

from cumulo.testing import ClockControl, CumuloServer

from .conftest import PASSWORD


def test_srp_sign_in_with_pycognito(cumulo: CumuloServer, pool: str, client: str, make_user: Any) -> None:
    make_user("alice")
    user = Cognito(pool, client, username="alice", user_pool_region="us-east-1", boto3_client_kwargs={"endpoint_url": cumulo.url})
    user.authenticate(password=PASSWORD)  # verifies both tokens against the served JWKS
    assert jwt.decode(user.id_token, options={"verify_signature": False})["cognito:username"] == "alice"
    with pytest.raises(ClientError) as error:
        Cognito(pool, client, username="alice", user_pool_region="us-east-1",
                boto3_client_kwargs={"endpoint_url": cumulo.url}).authenticate(password="Wrong-passw0rd")
    assert error.value.response["Error"]["Message"] == "Incorrect username or password."


def test_srp_with_a_client_secret(cumulo: CumuloServer, idp: Any, pool: str, make_user: Any) -> None:
    make_user("alice")
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="s", GenerateSecret=True,
                                       ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    user = Cognito(pool, made["ClientId"], client_secret=made["ClientSecret"], username="alice", user_pool_region="us-east-1",
                   boto3_client_kwargs={"endpoint_url": cumulo.url})
    user.authenticate(password=PASSWORD)
    assert user.access_token


def test_admin_password_flow_and_refresh(idp: Any, pool: str, client: str, make_user: Any) -> None:
    make_user("bob")
    out = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "bob", "PASSWORD": PASSWORD})["AuthenticationResult"]
    assert out["TokenType"] == "Bearer" and out["ExpiresIn"] == 3600
    refreshed = idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": out["RefreshToken"]})["AuthenticationResult"]
    assert "RefreshToken" not in refreshed
    old, new = (jwt.decode(t, options={"verify_signature": False}) for t in (out["AccessToken"], refreshed["AccessToken"]))
    assert old["origin_jti"] == new["origin_jti"] and old["jti"] != new["jti"]
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "bob", "PASSWORD": PASSWORD})
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_refresh_token_rotation(idp: Any, pool: str, make_user: Any) -> None:
    make_user("bob")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="r", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
                                         RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0})["UserPoolClient"]["ClientId"]
    first = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "bob", "PASSWORD": PASSWORD})["AuthenticationResult"]["RefreshToken"]
    second = idp.get_tokens_from_refresh_token(ClientId=client, RefreshToken=first)["AuthenticationResult"]["RefreshToken"]
    assert second != first
    with pytest.raises(ClientError):
        idp.get_tokens_from_refresh_token(ClientId=client, RefreshToken=first)


def test_new_password_required(idp: Any, pool: str, client: str, login: Any) -> None:
    idp.admin_create_user(UserPoolId=pool, Username="carol", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS")
    out = login(idp, client, "carol", "Temp0rary!")
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and out["ChallengeParameters"]["USER_ID_FOR_SRP"] == "carol"
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=out["Session"],
                                         ChallengeResponses={"USERNAME": "carol", "NEW_PASSWORD": "Fresh-passw0rd",
                                                             "userAttributes.given_name": "Carol"})
    claims = jwt.decode(done["AuthenticationResult"]["IdToken"], options={"verify_signature": False})
    assert claims["given_name"] == "Carol"
    assert idp.admin_get_user(UserPoolId=pool, Username="carol")["UserStatus"] == "CONFIRMED"
    with pytest.raises(ClientError) as error:  # a session is good once
        idp.respond_to_auth_challenge(ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=out["Session"],
                                      ChallengeResponses={"USERNAME": "carol", "NEW_PASSWORD": "Fresh-passw0rd"})
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_temporary_password_expires_on_the_cumulo_clock(idp: Any, pool: str, client: str, login: Any, cumulo_clock: ClockControl) -> None:
    idp.admin_create_user(UserPoolId=pool, Username="dan", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS")
    cumulo_clock.advance(8 * 86400)
    with pytest.raises(ClientError) as error:
        login(idp, client, "dan", "Temp0rary!")
    assert "Temporary password has expired" in error.value.response["Error"]["Message"]


def test_totp_mfa(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    make_user("erin")
    token = login(idp, client, "erin")["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    with pytest.raises(ClientError) as error:
        idp.verify_software_token(AccessToken=token, UserCode="000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert error.value.response["Error"]["Code"] == "EnableSoftwareTokenMFAException"
    assert idp.verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).now())["Status"] == "SUCCESS"
    idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert idp.admin_get_user(UserPoolId=pool, Username="erin")["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    challenge = login(idp, client, "erin")
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
                                         ChallengeResponses={"USERNAME": "erin", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).now()})
    assert done["AuthenticationResult"]["AccessToken"]


def test_mfa_setup_when_required(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    make_user("fay")
    out = login(idp, client, "fay")
    assert out["ChallengeName"] == "MFA_SETUP"
    associated = idp.associate_software_token(Session=out["Session"])
    verified = idp.verify_software_token(Session=associated["Session"], UserCode=pyotp.TOTP(associated["SecretCode"]).now())
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="MFA_SETUP", Session=verified["Session"],
                                         ChallengeResponses={"USERNAME": "fay"})
    assert done["AuthenticationResult"]["IdToken"]
    assert login(idp, client, "fay")["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_sms_mfa_code_from_the_ledger(cumulo: CumuloServer, idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    import httpx

    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", SmsMfaConfiguration={
        "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/sns"}})
    make_user("gus", phone_number="+15555550100", phone_number_verified="true")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="gus", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    out = login(idp, client, "gus")
    assert out["ChallengeName"] == "SMS_MFA" and out["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    code = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "gus", "type": "SMS_MFA"}).json()["codes"][-1]["code"]
    with pytest.raises(ClientError) as error:
        idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SMS_MFA", Session=out["Session"],
                                      ChallengeResponses={"USERNAME": "gus", "SMS_MFA_CODE": "x"})
    assert error.value.response["Error"]["Code"] == "CodeMismatchException"
    out = login(idp, client, "gus")
    code = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "gus", "type": "SMS_MFA"}).json()["codes"][-1]["code"]
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SMS_MFA", Session=out["Session"],
                                         ChallengeResponses={"USERNAME": "gus", "SMS_MFA_CODE": code})
    assert done["AuthenticationResult"]["AccessToken"]


def test_lockout_after_repeated_failures(idp: Any, pool: str, client: str, make_user: Any, login: Any, cumulo_clock: ClockControl) -> None:
    make_user("hal")
    for _ in range(5):
        with pytest.raises(ClientError):
            login(idp, client, "hal", "Wrong-passw0rd")
    with pytest.raises(ClientError) as error:
        login(idp, client, "hal")
    assert error.value.response["Error"]["Message"] == "Password attempts exceeded"
    cumulo_clock.advance(2)
    assert login(idp, client, "hal")["AuthenticationResult"]


def test_unknown_user_is_incorrect_password(idp: Any, client: str, login: Any) -> None:
    with pytest.raises(ClientError) as error:
        login(idp, client, "nobody")
    assert (error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]) == (
        "NotAuthorizedException", "Incorrect username or password.")


def test_global_sign_out_and_revoke(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    make_user("ida")
    first = login(idp, client, "ida")["AuthenticationResult"]
    second = login(idp, client, "ida")["AuthenticationResult"]
    idp.revoke_token(ClientId=client, Token=first["RefreshToken"])
    with pytest.raises(ClientError) as error:
        idp.get_user(AccessToken=first["AccessToken"])
    assert error.value.response["Error"]["Message"] == "Access Token has been revoked"
    assert idp.get_user(AccessToken=second["AccessToken"])["Username"] == "ida"
    idp.global_sign_out(AccessToken=second["AccessToken"])
    with pytest.raises(ClientError):
        idp.get_user(AccessToken=second["AccessToken"])
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": second["RefreshToken"]})
    assert error.value.response["Error"]["Message"] == "Refresh Token has been revoked"


def test_expired_access_token(idp: Any, client: str, make_user: Any, login: Any, cumulo_clock: ClockControl) -> None:
    make_user("jay")
    token = login(idp, client, "jay")["AuthenticationResult"]["AccessToken"]
    cumulo_clock.advance(3601)
    with pytest.raises(ClientError) as error:
        idp.get_user(AccessToken=token)
    assert error.value.response["Error"]["Message"] == "Access Token has expired"


def test_choice_based_sign_in_with_an_email_code(cumulo: CumuloServer, idp: Any, pool: str, make_user: Any) -> None:
    import httpx

    idp.update_user_pool(UserPoolId=pool, AutoVerifiedAttributes=["email"],
                         Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}})
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="choice", ExplicitAuthFlows=["ALLOW_USER_AUTH"])["UserPoolClient"]["ClientId"]
    make_user("olga")
    menu = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "olga"})
    assert menu["ChallengeName"] == "SELECT_CHALLENGE" and set(menu["AvailableChallenges"]) == {"PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"}
    challenge = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SELECT_CHALLENGE", Session=menu["Session"],
                                              ChallengeResponses={"USERNAME": "olga", "ANSWER": "EMAIL_OTP"})
    assert challenge["ChallengeName"] == "EMAIL_OTP"
    code = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "olga", "type": "EMAIL_OTP"}).json()["codes"][-1]["code"]
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=challenge["Session"],
                                         ChallengeResponses={"USERNAME": "olga", "EMAIL_OTP_CODE": code})
    assert done["AuthenticationResult"]["AccessToken"]
    direct = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH",
                               AuthParameters={"USERNAME": "olga", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD})
    assert direct["AuthenticationResult"]["IdToken"]
