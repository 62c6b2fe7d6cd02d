DROP TABLE api_tokens;
DROP TABLE web_sessions;
DROP TABLE notices;
