import type { InboundRoute } from '#server/telephony/inbound-route.server.ts';
import type { Logger } from '#server/logger.ts';
import type { CallEventSink } from '#server/calls/call-events.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import { causeOfOurRejection } from '../sip-gateway/end-cause.ts';
import type { RouteDecision, RouteRejection, RouteRequest, SipRoute } from '../sip-gateway/sip-route.ts';
import type { ConnectionCallLimits } from '../telephony/connection-call-limits.ts';
import type { ClusterCallLimits, LimitClaim } from '../cluster/cluster-call-limits.ts';

/** Limits counted across every media server in Redis (CLUSTER_LIMITS=redis); see cluster-call-limits.ts. */
export interface ClusterAdmission {
  limits: ClusterCallLimits;
  /** A project's concurrent calls across the cluster (0 = no limit). */
  maxCallsPerProject: number;
}

/**
 * Inbound SIP calls: the dialled address picks the agent's live version; the call is admitted (project and
 * process limits, drain) before it is answered, so a refusal is a clean SIP error, never a silent call.
 */
export function createSipRouting(
  gateway: VoiceGateway,
  routeDialled: (user: string) => Promise<InboundRoute>,
  logger: Logger,
  /** Per-connection concurrent-call limits (shared with outbound calls); absent = not enforced. */
  limits?: ConnectionCallLimits,
  /** Call events: a caller turned away by a project's limits is recorded there (the Inbox shows them). */
  events?: CallEventSink,
  /** Cluster-wide project and connection limits; absent = this process's counts only. */
  cluster?: ClusterAdmission,
): SipRoute {
  /** A refusal for a project we know: a record with no turns, so a business sees the callers it lost. */
  const refusedFor = (
    request: RouteRequest,
    route: { projectId: string; agentId: string; versionId: string },
    refusal: RouteRejection,
  ): RouteRejection => {
    const at = Date.now();
    events?.({
      type: 'call.started',
      callId: request.callId,
      at,
      projectId: route.projectId,
      agentId: route.agentId,
      versionId: route.versionId,
      from: request.fromUri,
      to: request.toUser,
      sampleRate: 8000,
      direction: 'inbound',
    });
    events?.({
      type: 'call.ended',
      callId: request.callId,
      at,
      reason: 'error',
      disposition: 'refused',
      durationMs: 0,
      turns: 0,
      sipCause: causeOfOurRejection(refusal.status, undefined, refusal.reason),
    });
    return refusal;
  };
  return async (request): Promise<RouteDecision> => {
    let route: InboundRoute;
    try {
      route = await routeDialled(request.toUser);
    } catch (error) {
      logger.error({ err: error, callId: request.callId }, 'routing failed');
      return { accept: false, status: 503, reason: 'Routing unavailable' };
    }
    if (!route.ok) {
      logger.info({ callId: request.callId, to: request.toUser, status: route.status }, 'call refused');
      return { accept: false, status: route.status, reason: route.reason };
    }
    const connection = route.connection;
    const release =
      connection && limits ? limits.tryAcquire(connection.id, connection.maxCalls) : () => undefined;
    if (!release) {
      logger.warn({ callId: request.callId, connectionId: connection?.id }, 'connection call limit reached');
      return refusedFor(request, route, {
        accept: false,
        status: 486,
        reason: 'Connection call limit reached',
      });
    }
    // Cluster-wide: the project's and the connection's slots in one atomic step, before the local admission.
    let releaseCluster: () => void = () => undefined;
    if (cluster) {
      const claims: LimitClaim[] = [
        { kind: 'project', id: route.projectId, max: cluster.maxCallsPerProject },
      ];
      if (connection) claims.push({ kind: 'connection', id: connection.id, max: connection.maxCalls });
      let taken: Awaited<ReturnType<ClusterCallLimits['acquire']>>;
      try {
        taken = await cluster.limits.acquire(claims);
      } catch (error) {
        release();
        logger.error({ err: error, callId: request.callId }, 'cluster limits unavailable');
        return { accept: false, status: 503, reason: 'Limits unavailable' };
      }
      if (!taken.ok) {
        release();
        logger.warn(
          { callId: request.callId, projectId: route.projectId, refused: taken.refused, limit: taken.limit },
          'cluster call limit reached',
        );
        return refusedFor(request, route, {
          accept: false,
          status: 486,
          reason: taken.refused === 'project' ? 'project_limit' : 'Connection call limit reached',
        });
      }
      releaseCluster = () => void taken.release().catch(() => undefined);
    }
    const admission = gateway.admit(route.projectId);
    if (!admission.ok) {
      release();
      releaseCluster();
      logger.warn(
        { callId: request.callId, projectId: route.projectId, refused: admission.refused },
        'call refused',
      );
      return refusedFor(request, route, {
        accept: false,
        status: admission.refused === 'project_limit' ? 486 : 503,
        reason: admission.refused,
      });
    }
    logger.info(
      {
        callId: request.callId,
        projectId: route.projectId,
        agentId: route.agentId,
        versionId: route.versionId,
      },
      'inbound call',
    );
    return {
      accept: true,
      onLeg: (leg) => {
        leg.on('ended', release);
        leg.on('ended', releaseCluster);
        admission.start(leg, {
          flow: route.flow,
          direction: 'inbound',
          agentId: route.agentId,
          versionId: route.versionId,
          ...(connection ? { connectionId: connection.id } : {}),
        });
      },
    };
  };
}
