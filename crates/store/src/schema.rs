//! The diesel schema, identical on SQLite and PostgreSQL (see migrations/).

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        data -> Text,
    }
}

diesel::table! {
    bodies (id) {
        id -> Text,
        organization_id -> Text,
        short_name -> Text,
        data -> Text,
    }
}

diesel::table! {
    persons (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        data -> Text,
    }
}

diesel::table! {
    mandates (id) {
        id -> Text,
        body_id -> Text,
        person_id -> Text,
        data -> Text,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        body_id -> Text,
        meeting_date -> Text,
        year -> Integer,
        status -> Text,
        revision -> BigInt,
        content -> Text,
        updated_at -> Timestamp,
        digest -> Nullable<Text>,
    }
}

diesel::table! {
    meeting_paragraphs (meeting_id, position) {
        meeting_id -> Text,
        position -> Integer,
        content -> Text,
    }
}

diesel::table! {
    paragraph_numbers (body_id, year, number) {
        body_id -> Text,
        year -> Integer,
        number -> Integer,
        meeting_id -> Text,
    }
}

diesel::table! {
    audit_log (chain, seq) {
        chain -> Text,
        seq -> BigInt,
        recorded_at -> Timestamp,
        actor -> Text,
        action -> Text,
        subject -> Text,
        payload -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    write_lock (id) {
        id -> Integer,
        counter -> BigInt,
    }
}

diesel::joinable!(bodies -> organizations (organization_id));
diesel::joinable!(meetings -> bodies (body_id));
diesel::joinable!(meeting_paragraphs -> meetings (meeting_id));
diesel::joinable!(mandates -> bodies (body_id));

diesel::table! {
    certificate_authorities (organization_id) {
        organization_id -> Text,
        certificate -> Binary,
        sealed_key -> Binary,
        fingerprint -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        organization_id -> Text,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        roles -> Text,
        person_id -> Nullable<Text>,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    signing_keys (id) {
        id -> Text,
        user_id -> Text,
        certificate -> Binary,
        sealed_key -> Binary,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    revocation_lists (organization_id) {
        organization_id -> Text,
        content -> Binary,
        number -> BigInt,
        this_update -> Timestamp,
        next_update -> Timestamp,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        meeting_id -> Text,
        kind -> Text,
        sha256 -> Text,
        content -> Binary,
        created_at -> Timestamp,
        discarded_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    bodies,
    persons,
    mandates,
    meetings,
    meeting_paragraphs,
    paragraph_numbers,
    audit_log,
    write_lock,
    certificate_authorities,
    users,
    signing_keys,
    revocation_lists,
    documents,
    login_failures,
    notices,
    web_sessions,
    api_tokens,
    user_totp,
    trusted_devices,
    account_links,
);

diesel::table! {
    account_links (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_totp (user_id) {
        user_id -> Text,
        secret -> Text,
        created_at -> Timestamp,
        last_step -> BigInt,
    }
}

diesel::table! {
    trusted_devices (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    notices (id) {
        id -> Text,
        organization_id -> Text,
        meeting_id -> Text,
        kind -> Text,
        body_name -> Text,
        meeting_date -> Text,
        paragraphs -> Text,
        adjusted_on -> Text,
        posted_on -> Text,
        last_appeal_day -> Text,
        takedown_on -> Text,
        storage_place -> Text,
        search_text -> Text,
    }
}

diesel::table! {
    web_sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        label -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}
