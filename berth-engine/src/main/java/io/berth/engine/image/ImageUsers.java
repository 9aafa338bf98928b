package io.berth.engine.image;

import java.util.List;

/** Which containers use an image (so that removing it can refuse, as Docker does). */
public interface ImageUsers {
    record User(String containerId, boolean running) {}

    List<User> usersOf(String imageId);
}
