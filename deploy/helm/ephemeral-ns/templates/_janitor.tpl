{{/* The janitor's pod spec, shared by the Deployment and the CronJob. */}}
{{- define "ephemeral-ns.janitorPodSpec" -}}
{{- $j := .Values.janitor -}}
{{- $cron := eq $j.mode "cronjob" -}}
serviceAccountName: {{ include "ephemeral-ns.janitorName" . }}
automountServiceAccountToken: true
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- include "ephemeral-ns.podSecurityContext" . | nindent 2 }}
{{- if $cron }}
restartPolicy: Never
{{- end }}
containers:
  - name: janitor
    image: {{ include "ephemeral-ns.image" (dict "image" $j.image "root" .) }}
    imagePullPolicy: {{ $j.image.pullPolicy }}
    env:
      {{- include "ephemeral-ns.sharedEnv" . | nindent 6 }}
      - name: JANITOR_RUN_ONCE
        value: {{ $cron | quote }}
      - name: JANITOR_INTERVAL
        value: {{ $j.interval | quote }}
      - name: JANITOR_WATCH
        value: {{ and (not $cron) $j.watch | quote }}
      - name: JANITOR_CAPACITY
        value: {{ and (not $cron) $j.capacity | quote }}
      - name: JANITOR_RELIST_INTERVAL
        value: {{ $j.relistInterval | quote }}
      - name: JANITOR_CAPACITY_INTERVAL
        value: {{ $j.capacityInterval | quote }}
      - name: JANITOR_DRY_RUN
        value: {{ $j.dryRun | quote }}
      - name: JANITOR_DELETES_PER_SECOND
        value: {{ $j.deletesPerSecond | quote }}
      - name: JANITOR_DELETION_CONCURRENCY
        value: {{ $j.deletionConcurrency | quote }}
      - name: JANITOR_MAX_DELETIONS_PER_SWEEP
        value: {{ $j.maxDeletionsPerSweep | quote }}
      - name: JANITOR_PAGE_SIZE
        value: {{ $j.pageSize | quote }}
      - name: JANITOR_STUCK_AFTER
        value: {{ $j.stuckAfter | quote }}
      - name: JANITOR_POD_DRAIN_TIMEOUT
        value: {{ $j.podDrainTimeout | quote }}
      # janitor.stuck.*: repair of namespaces stuck in Terminating (report, finalizers, force).
      - name: JANITOR_REQUIRE_ADMISSION
        value: {{ $j.requireAdmission | quote }}
      - name: JANITOR_MAX_CLOCK_SKEW
        value: {{ $j.maxClockSkew | quote }}
      - name: JANITOR_STUCK_MAX_REPAIRS_PER_SWEEP
        value: {{ $j.stuck.maxRepairsPerSweep | quote }}
      - name: JANITOR_STUCK_REPAIR
        value: {{ $j.stuck.repair | quote }}
      - name: JANITOR_STUCK_FORCE_AFTER
        value: {{ $j.stuck.forceAfter | quote }}
      - name: JANITOR_STUCK_FINALIZER_ALLOW
        value: {{ $j.stuck.finalizerAllow | quote }}
      {{- with $j.stuck.finalizerDeny }}
      - name: JANITOR_STUCK_FINALIZER_DENY
        value: {{ . | quote }}
      {{- end }}
      - name: JANITOR_LEADER_ELECTION_ENABLED
        value: {{ and (not $cron) $j.leaderElection.enabled | quote }}
      - name: JANITOR_LEADER_ELECTION_LEASE_NAME
        value: {{ $j.leaderElection.leaseName | quote }}
      - name: JANITOR_LEADER_ELECTION_LEASE_NAMESPACE
        value: {{ .Release.Namespace | quote }}
      - name: JANITOR_LEADER_ELECTION_LEASE_DURATION
        value: {{ $j.leaderElection.leaseDuration | quote }}
      - name: JANITOR_LEADER_ELECTION_RENEW_DEADLINE
        value: {{ $j.leaderElection.renewDeadline | quote }}
      - name: JANITOR_LEADER_ELECTION_RETRY_PERIOD
        value: {{ $j.leaderElection.retryPeriod | quote }}
      {{- if $j.warn.before }}
      # janitor.warn.*: warnings before deletion.
      - name: JANITOR_WARN_BEFORE
        value: {{ $j.warn.before | quote }}
      - name: JANITOR_WARN_TIMEOUT
        value: {{ $j.warn.timeout | quote }}
      - name: JANITOR_WARN_MAX_ATTEMPTS
        value: {{ $j.warn.maxAttempts | int64 | quote }}
      {{- with $j.warn.webhookUrl }}
      - name: JANITOR_WARN_WEBHOOK_URL
        value: {{ . | quote }}
      {{- end }}
      {{- end }}
      {{- if and (not $cron) $j.leftovers.enabled }}
      # janitor.leftovers.*: cluster-scoped objects their CI namespace left behind.
      - name: JANITOR_LEFTOVERS_ENABLED
        value: "true"
      - name: JANITOR_LEFTOVERS_RESOURCES
        value: {{ join "," $j.leftovers.resources | quote }}
      - name: JANITOR_LEFTOVERS_GRACE
        value: {{ $j.leftovers.grace | quote }}
      - name: JANITOR_LEFTOVERS_INTERVAL
        value: {{ $j.leftovers.interval | quote }}
      - name: JANITOR_LEFTOVERS_MAX_DELETIONS_PER_SWEEP
        value: {{ $j.leftovers.maxDeletionsPerSweep | int64 | quote }}
      {{- with $j.leftovers.exclude }}
      - name: JANITOR_LEFTOVERS_EXCLUDE
        value: {{ join "," . | quote }}
      {{- end }}
      {{- end }}
      {{- if $j.capture.enabled }}
      # janitor.capture.*: capture before deletion, into the volume mounted at the directory.
      - name: JANITOR_CAPTURE_ENABLED
        value: "true"
      - name: JANITOR_CAPTURE_DIRECTORY
        value: {{ $j.capture.directory | quote }}
      - name: JANITOR_CAPTURE_RETENTION
        value: {{ $j.capture.retention | quote }}
      - name: JANITOR_CAPTURE_MAX_BYTES
        value: {{ $j.capture.maxBytes | int64 | quote }}
      - name: JANITOR_CAPTURE_TIMEOUT
        value: {{ $j.capture.timeout | quote }}
      {{- end }}
      {{- if and (not $cron) $j.sleep.after }}
      # janitor.sleep.*: sleep of kept namespaces.
      - name: JANITOR_SLEEP_AFTER
        value: {{ $j.sleep.after | quote }}
      - name: JANITOR_SLEEP_INTERVAL
        value: {{ $j.sleep.interval | quote }}
      {{- end }}
      {{- if and (not $cron) $j.teardown.enabled }}
      # janitor.teardown.*: the forge webhook receiver on its own port; the secrets only from the Secret.
      - name: JANITOR_TEARDOWN_ENABLED
        value: "true"
      - name: JANITOR_TEARDOWN_PORT
        value: {{ $j.teardown.port | int64 | quote }}
      - name: JANITOR_TEARDOWN_GRACE
        value: {{ $j.teardown.grace | quote }}
      - name: JANITOR_TEARDOWN_MAX_BODY_BYTES
        value: {{ $j.teardown.maxBodyBytes | int64 | quote }}
      - name: JANITOR_TEARDOWN_REPLAY_WINDOW
        value: {{ $j.teardown.replayWindow | quote }}
      - name: JANITOR_TEARDOWN_REPLAY_CAPACITY
        value: {{ $j.teardown.replayCapacity | int64 | quote }}
      - name: JANITOR_TEARDOWN_GITHUB_SECRET
        valueFrom:
          secretKeyRef:
            name: {{ $j.teardown.secretName }}
            key: github-secret
            optional: true
      - name: JANITOR_TEARDOWN_GITLAB_SECRET
        valueFrom:
          secretKeyRef:
            name: {{ $j.teardown.secretName }}
            key: gitlab-secret
            optional: true
      {{- end }}
      {{- if and (not $cron) $j.storage.enabled }}
      # janitor.storage.*: leaked PersistentVolumes (owner labels, report, optional reclaim).
      - name: JANITOR_STORAGE_ENABLED
        value: "true"
      - name: JANITOR_STORAGE_INTERVAL
        value: {{ $j.storage.interval | quote }}
      - name: JANITOR_STORAGE_MAX_DELETIONS_PER_SCAN
        value: {{ $j.storage.maxDeletionsPerScan | int64 | quote }}
      {{- with $j.storage.deleteAfter }}
      - name: JANITOR_STORAGE_DELETE_AFTER
        value: {{ . | quote }}
      {{- end }}
      {{- end }}
      {{- with $j.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    {{- if not $cron }}
    ports:
      - name: http
        containerPort: 8080
        protocol: TCP
      {{- if $j.teardown.enabled }}
      - name: hooks
        containerPort: {{ $j.teardown.port }}
        protocol: TCP
      {{- end }}
    livenessProbe:
      httpGet:
        path: /q/health/live
        port: http
      initialDelaySeconds: 10
      periodSeconds: 20
      failureThreshold: 3
    readinessProbe:
      httpGet:
        path: /q/health/ready
        port: http
      periodSeconds: 10
    startupProbe:
      httpGet:
        path: /q/health/live
        port: http
      periodSeconds: 2
      failureThreshold: 60
    {{- end }}
    securityContext:
      {{- include "ephemeral-ns.containerSecurityContext" . | nindent 6 }}
    resources:
      {{- toYaml $j.resources | nindent 6 }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      {{- if $j.capture.enabled }}
      - name: captures
        mountPath: {{ $j.capture.directory }}
      {{- end }}
volumes:
  # The JVM and Vert.x need a writable /tmp; the root filesystem is read-only.
  - name: tmp
    emptyDir: {}
  {{- if $j.capture.enabled }}
  # janitor.capture: the archives (written as user 185; fsGroup 185 makes the claim's volume writable).
  - name: captures
    {{- if $j.capture.persistence.enabled }}
    persistentVolumeClaim:
      claimName: {{ $j.capture.persistence.existingClaim | default (include "ephemeral-ns.captureClaimName" .) }}
    {{- else }}
    emptyDir: {}
    {{- end }}
  {{- end }}
{{- with $j.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $j.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $j.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
