package io.ephemeralns.e2enode;

import io.ephemeralns.e2e.Kubectl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Names the cluster's DNS answers besides Services, configured as a cluster administrator does it: a
 * {@code rewrite} rule in CoreDNS' Corefile (ConfigMap {@code kube-system/coredns}), then a restart of CoreDNS.
 * So {@code prod.internal} resolves in every pod to the "production" Service, as in the seed's cluster.
 */
final class ClusterDns {

    private ClusterDns() {
    }

    /** Makes {@code name} resolve to {@code target} (a Service's full name); answers carry {@code name}. */
    static void alias(KubernetesClient admin, Kubectl kubectl, String name, String target) {
        ConfigMap coredns = admin.configMaps().inNamespace("kube-system").withName("coredns").get();
        String corefile = coredns.getData().get("Corefile");
        // exact rewrites map the answers back to the asked name (CoreDNS rewrite plugin)
        String rule = "rewrite name exact " + name + " " + target;
        if (!corefile.contains(rule)) {
            int block = corefile.indexOf(".:53 {\n");
            if (block < 0) {
                throw new IllegalStateException("no '.:53 {' server block in the Corefile:\n" + corefile);
            }
            int at = block + ".:53 {\n".length();
            corefile = corefile.substring(0, at) + "    " + rule + "\n" + corefile.substring(at);
            coredns.getData().put("Corefile", corefile);
            admin.configMaps().inNamespace("kube-system").resource(coredns).update();
        }
        kubectl.run("rollout", "restart", "deployment/coredns", "-n", "kube-system").ok();
        kubectl.run("rollout", "status", "deployment/coredns", "-n", "kube-system", "--timeout=120s").ok();
    }
}
