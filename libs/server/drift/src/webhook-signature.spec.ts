import { isValidWebhookSignature, signWebhookBody } from './webhook-signature';

describe(isValidWebhookSignature.name, () => {
  const secret = 'drift-secret-0001';
  const body = Buffer.from('{"event": "updated", "data": {"id": 7, "serial": "SN-1"}}');
  // Computed with Python: hmac.new(secret.encode('utf8'), body, hashlib.sha512).hexdigest(),
  // as NetBox's generate_signature() and Nautobot's do.
  const pythonSignature =
    '7e135e710648cbb2441c6b76ad3ecf6e641a28b7d524e2ef5a267d9e488116a3' +
    '62838cb7bf80a1b969136cf3c8e7534da6c7bb22ff62fabed0189deac16596b3';

  it('accepts the signature the instance computes over the exact body', () => {
    const signature = signWebhookBody(body, secret);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(isValidWebhookSignature(body, secret, signature)).toBe(true);
    expect(isValidWebhookSignature(body, secret, signature.toUpperCase())).toBe(true);
  });

  it('matches the signature Python computes for the same body and secret', () => {
    expect(signWebhookBody(body, secret)).toBe(pythonSignature);
    expect(isValidWebhookSignature(body, secret, pythonSignature)).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(isValidWebhookSignature(body, secret, signWebhookBody(body, 'another-secret'))).toBe(
      false,
    );
  });

  it('refuses a missing, empty or malformed signature', () => {
    expect(isValidWebhookSignature(body, secret, undefined)).toBe(false);
    expect(isValidWebhookSignature(body, secret, '')).toBe(false);
    expect(isValidWebhookSignature(body, secret, 'sha512=abc')).toBe(false);
    expect(isValidWebhookSignature(body, secret, signWebhookBody(body, secret).slice(2))).toBe(
      false,
    );
  });

  it('refuses a body altered after signing, even by one byte or trailing whitespace', () => {
    const signature = signWebhookBody(body, secret);
    const altered = Buffer.from(body.toString().replace('SN-1', 'SN-2'));
    expect(isValidWebhookSignature(altered, secret, signature)).toBe(false);
    expect(
      isValidWebhookSignature(Buffer.concat([body, Buffer.from('\n')]), secret, signature),
    ).toBe(false);
  });
});
