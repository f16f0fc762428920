package io.mailfleet.admin.config;

import io.smallrye.config.ConfigMapping;

/** {@code mailfleet.admin.*}, also settable as {@code MAILFLEET_ADMIN_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.admin")
public interface AdminSettings {

    /** The bearer token operators present; there is no default, so the API is never open by accident. */
    String token();
}
