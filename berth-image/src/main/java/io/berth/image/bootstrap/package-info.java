/**
 * Images built offline from files on the host: {@code berth image bootstrap busybox} makes
 * {@code busybox:latest} from Debian's busybox-static, for air-gapped hosts and Berth's own tests.
 */
package io.berth.image.bootstrap;
