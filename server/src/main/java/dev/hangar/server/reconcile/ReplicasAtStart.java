package dev.hangar.server.reconcile;

/**
 * For the start banner: the replica processes of the last run this start adopted and the ones it
 * cleaned up (ended meanwhile, or stopped because they could not be trusted), and what happens to
 * replicas at exit.
 */
public record ReplicasAtStart(int adopted, int cleanedUp, ReplicasAtExit atExit) {}
