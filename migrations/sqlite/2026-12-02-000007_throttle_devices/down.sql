ALTER TABLE api_tokens DROP COLUMN expires_at;
ALTER TABLE user_totp DROP COLUMN last_step;
DROP TABLE trusted_devices;
