package io.ganglion.runtime.security;

import io.ganglion.runtime.config.OperatorTokenConfig.Role;

/** Who made a request: the configured token's name and role (never the token). */
public record Operator(String name, Role role) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
