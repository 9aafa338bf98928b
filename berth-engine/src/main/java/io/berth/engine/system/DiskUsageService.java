package io.berth.engine.system;

import io.berth.api.model.BuildCache;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ImageListOptions;
import io.berth.api.model.ImageSummary;
import io.berth.api.model.SystemDataUsageResponse;
import io.berth.api.model.Volume;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.engine.build.BuildService;
import io.berth.engine.container.ContainerService;
import io.berth.engine.image.ImageService;
import io.berth.engine.volume.VolumeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code GET /system/df}: what images, containers, volumes and the build cache hold on disk, in
 * the shape API versions before 1.52 answer (the docker CLI adds the totals up itself).
 *
 * <p>Images are those {@code docker images} lists (intermediate build images are counted as build
 * cache), each with {@code SharedSize} (its layers that another listed image also has) and
 * {@code Containers}; {@code LayersSize} counts every unpacked layer once. Containers carry
 * {@code SizeRw} (their writable layer) and {@code SizeRootFs}; volumes their {@code UsageData}.
 */
public final class DiskUsageService {
    /** The object types of the {@code type} parameter (API 1.42). */
    public static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

    private final ImageService images;
    private final ContainerService containers;
    private final VolumeService volumes;
    private final BuildService builds;

    public DiskUsageService(ImageService images, ContainerService containers, VolumeService volumes,
                            BuildService builds) {
        this.images = images;
        this.containers = containers;
        this.volumes = volumes;
        this.builds = builds;
    }

    /** The usage of the types asked for (all of them when {@code types} is empty); the others are {@code null}. */
    public SystemDataUsageResponse usage(List<String> types) {
        for (String type : types) {
            if (!TYPES.contains(type)) {
                throw new InvalidArgumentException("unknown object type: " + type);
            }
        }
        boolean all = types.isEmpty();
        long layersSize = 0;
        List<ImageSummary> imageList = null;
        if (all || types.contains("image")) {
            layersSize = images.layerSizes().values().stream().mapToLong(Long::longValue).sum();
            imageList = images();
        }
        List<ContainerSummary> containerList = null;
        if (all || types.contains("container")) {
            containerList = containers.list(new ContainerListOptions(true, OptionalInt.empty(), true, Map.of()));
        }
        List<Volume> volumeList = all || types.contains("volume") ? volumes.usage() : null;
        List<BuildCache> cache = all || types.contains("build-cache") ? builds.cacheRecords() : null;
        long builderSize = cache == null ? 0 : cache.stream().filter(c -> !c.shared()).mapToLong(BuildCache::size).sum();
        return new SystemDataUsageResponse(layersSize, imageList, containerList, volumeList, cache, builderSize);
    }

    private List<ImageSummary> images() {
        var listed = images.list(new ImageListOptions(false, Map.of(), false));
        var store = images.store();
        var uses = new HashMap<String, Integer>();
        var chainsOf = new HashMap<String, Set<String>>();
        for (ImageSummary summary : listed) {
            var chains = new HashSet<String>();
            store.byId(summary.id()).ifPresent(r -> r.layers().forEach(l -> chains.add(l.chainId())));
            chainsOf.put(summary.id(), chains);
            chains.forEach(c -> uses.merge(c, 1, Integer::sum));
        }
        var out = new ArrayList<ImageSummary>();
        for (ImageSummary summary : listed) {
            long shared = 0;
            for (String chain : chainsOf.get(summary.id())) {
                if (uses.get(chain) > 1) {
                    shared += store.layers().size(Digest.parse(chain));
                }
            }
            out.add(summary.toBuilder().sharedSize(shared)
                    .containers((long) containers.usersOf(summary.id()).size()).build());
        }
        return out;
    }
}
