// amazon-cognito-identity-js (what Amplify signs in with) against cumulo's user pools:
// the USER_SRP_AUTH exchange as the library computes it, and the tokens it gets back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { region, unique } from './helpers.mjs';

const endpoint = process.env.CUMULO_URL;

// The pool is made through the admin API with a plain JSON call (the library itself only signs in).
async function admin(operation, body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/cognito-idp/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.equal(response.status, 200, JSON.stringify(answer));
  return answer;
}

function signIn(user, password) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
    });
  });
}

test('amazon-cognito-identity-js signs in with SRP', async () => {
  const pool = (await admin('CreateUserPool', { PoolName: unique('js') })).UserPool.Id;
  const client = (await admin('CreateUserPoolClient', {
    UserPoolId: pool, ClientName: 'js', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  })).UserPoolClient.ClientId;
  await admin('AdminCreateUser', { UserPoolId: pool, Username: 'ann', MessageAction: 'SUPPRESS' });
  await admin('AdminSetUserPassword', { UserPoolId: pool, Username: 'ann', Password: 'Js-passw0rd!', Permanent: true });

  const userPool = new CognitoUserPool({ UserPoolId: pool, ClientId: client, endpoint });
  const session = await signIn(new CognitoUser({ Username: 'ann', Pool: userPool }), 'Js-passw0rd!');
  assert.equal(session.getIdToken().payload['cognito:username'], 'ann');
  assert.equal(session.getAccessToken().payload.token_use, 'access');
  assert.ok(session.isValid());

  await assert.rejects(signIn(new CognitoUser({ Username: 'ann', Pool: userPool }), 'wrong-Passw0rd'),
    (error) => error.code === 'NotAuthorizedException' && error.message === 'Incorrect username or password.');
});

test('a remembered device signs in with its own SRP proof', async () => {
  const pool = (await admin('CreateUserPool', {
    PoolName: unique('js-devices'),
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  })).UserPool.Id;
  const client = (await admin('CreateUserPoolClient', {
    UserPoolId: pool, ClientName: 'js', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  })).UserPoolClient.ClientId;
  await admin('AdminCreateUser', { UserPoolId: pool, Username: 'dev', MessageAction: 'SUPPRESS' });
  await admin('AdminSetUserPassword', { UserPoolId: pool, Username: 'dev', Password: 'Js-passw0rd!', Permanent: true });

  const userPool = new CognitoUserPool({ UserPoolId: pool, ClientId: client, endpoint });
  const challenges = [];
  const request = userPool.client.request.bind(userPool.client);
  userPool.client.request = (operation, params, callback) => {
    if (operation === 'RespondToAuthChallenge') challenges.push(params.ChallengeName);
    return request(operation, params, callback);
  };
  await signIn(new CognitoUser({ Username: 'dev', Pool: userPool }), 'Js-passw0rd!');
  const devices = (await admin('AdminListDevices', { UserPoolId: pool, Username: 'dev' })).Devices;
  assert.equal(devices.length, 1, 'the library confirmed its device');

  challenges.length = 0;
  const session = await signIn(new CognitoUser({ Username: 'dev', Pool: userPool }), 'Js-passw0rd!');
  assert.deepEqual(challenges, ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
  assert.equal(session.getIdToken().payload['cognito:username'], 'dev');
});
