// The Java reference library's read + verify rate, for the comparison in docs/benchmarks.md ("caom-sync
// checksum" against the reference). It does what `caom-sync checksum` does with each file: read the
// document, recompute every entity's metaChecksum and accMetaChecksum, and compare them with the stored
// values. It is compiled against the reference's own sources by tests/bench/java_reference.sh; it is not
// part of the product and not built by CMake.
//
// Usage: java ReferenceChecksumBench ROUNDS THREADS every|observation FILE...
// Each round reads every file once; the first rounds warm the JIT, and every round's rate is printed so
// the warmed-up rate can be read off the last ones.
//
// "every" checks each entity's two checksums, the work `caom-sync checksum` does. The reference library
// recomputes a whole subtree for each accMetaChecksum, so "every" costs it more than one pass; "observation"
// checks only the observation's accMetaChecksum (one pass over the tree, what the reference's collection
// validator checks), the cheapest verification the library offers, so the comparison can be made
// against the reference at its most favourable.

import ca.nrc.cadc.caom2.Artifact;
import ca.nrc.cadc.caom2.CaomEntity;
import ca.nrc.cadc.caom2.Chunk;
import ca.nrc.cadc.caom2.Observation;
import ca.nrc.cadc.caom2.Part;
import ca.nrc.cadc.caom2.Plane;
import ca.nrc.cadc.caom2.xml.ObservationReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public final class ReferenceChecksumBench {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        boolean everyEntity = args[2].equals("every");
        List<byte[]> documents = new ArrayList<>();
        long totalBytes = 0;
        for (int i = 3; i < args.length; i++) {
            byte[] bytes = Files.readAllBytes(Path.of(args[i]));
            documents.add(bytes);
            totalBytes += bytes.length;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int round = 1; round <= rounds; round++) {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger mismatches = new AtomicInteger();
            AtomicInteger unreadable = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    // The reader is not shared between threads: one per worker, as a tool would hold.
                    ObservationReader reader = new ObservationReader(false);
                    MessageDigest md5 = newMd5();
                    for (int i = next.getAndIncrement(); i < documents.size(); i = next.getAndIncrement()) {
                        try {
                            Observation observation =
                                reader.read(new java.io.ByteArrayInputStream(documents.get(i)));
                            mismatches.addAndGet(everyEntity ? verify(observation, md5)
                                                              : checkObservation(observation, md5));
                        } catch (Exception e) {
                            if (unreadable.incrementAndGet() == 1) {
                                System.err.println("not read: document " + (i + 1) + ": " + e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d documents, %.1f MB in %.3f s: %.0f documents/s, %.2f MB/s"
                    + " (%d checksum mismatches, %d unreadable)%n",
                    round, documents.size(), totalBytes / 1e6, seconds, documents.size() / seconds,
                    totalBytes / 1e6 / seconds, mismatches.get(), unreadable.get());
        }
        pool.shutdown();
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // Recomputes both checksums of every entity of the observation; returns how many differ from the
    // stored ones (a missing stored value counts as a difference, as it does for caom-sync checksum).
    private static int verify(Observation observation, MessageDigest md5) {
        int mismatches = check(observation, md5);
        for (Plane plane : observation.getPlanes()) {
            mismatches += check(plane, md5);
            for (Artifact artifact : plane.getArtifacts()) {
                mismatches += check(artifact, md5);
                for (Part part : artifact.getParts()) {
                    mismatches += check(part, md5);
                    for (Chunk chunk : part.getChunks()) {
                        mismatches += check(chunk, md5);
                    }
                }
            }
        }
        return mismatches;
    }

    private static int checkObservation(Observation observation, MessageDigest md5) {
        return observation.computeAccMetaChecksum(md5).equals(observation.getAccMetaChecksum()) ? 0 : 1;
    }

    private static int check(CaomEntity entity, MessageDigest md5) {
        URI meta = entity.computeMetaChecksum(md5);
        URI accumulated = entity.computeAccMetaChecksum(md5);
        int differ = 0;
        if (!meta.equals(entity.getMetaChecksum())) {
            differ++;
        }
        if (!accumulated.equals(entity.getAccMetaChecksum())) {
            differ++;
        }
        return differ;
    }
}
