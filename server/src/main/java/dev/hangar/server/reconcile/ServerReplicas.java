package dev.hangar.server.reconcile;

/** What the reconciler tells the start banner about the replicas it found and what it does with them at exit. */
public interface ServerReplicas {

    /** Known once the reconciler has started, before the server is ready. */
    ReplicasAtStart atStart();
}
