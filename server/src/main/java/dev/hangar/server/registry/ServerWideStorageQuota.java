package dev.hangar.server.registry;

import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.User;
import dev.hangar.server.auth.UserRepository;
import dev.hangar.server.home.HangarProperties;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** HANGAR_USER_STORAGE_QUOTA for every user; admins, who run the server, have no limit. */
@Component
class ServerWideStorageQuota implements StorageQuota {

    private final UserRepository users;
    private final long perUser;

    ServerWideStorageQuota(UserRepository users, HangarProperties properties) {
        this.users = users;
        this.perUser = properties.storage().userQuota().toBytes();
    }

    @Override
    public OptionalLong bytesFor(String userId) {
        boolean admin = users.findById(userId)
                .map(User::role)
                .filter(Role.ADMIN::equals)
                .isPresent();
        return admin ? OptionalLong.empty() : OptionalLong.of(perUser);
    }
}
