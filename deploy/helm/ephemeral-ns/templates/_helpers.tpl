{{/* Names are fixed: the product is installed once per cluster, and RBAC (files/rbac) names them. */}}
{{- define "ephemeral-ns.janitorName" -}}ephemeral-ns-janitor{{- end -}}
{{- define "ephemeral-ns.captureClaimName" -}}ephemeral-ns-janitor-captures{{- end -}}
{{- define "ephemeral-ns.webhookName" -}}ephemeral-ns-webhook{{- end -}}
{{- define "ephemeral-ns.tlsSecretName" -}}ephemeral-ns-webhook-tls{{- end -}}

{{- define "ephemeral-ns.labels" -}}
app.kubernetes.io/name: ephemeral-ns
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* selectorLabels <component> */}}
{{- define "ephemeral-ns.selectorLabels" -}}
app.kubernetes.io/name: ephemeral-ns
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* image: [global.image.registry/]repository:(image.tag, else global.image.tag, else appVersion) */}}
{{- define "ephemeral-ns.image" -}}
{{- $g := .root.Values.global.image | default dict -}}
{{- $repo := .image.repository -}}
{{- with $g.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{ $repo }}:{{ .image.tag | default $g.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* Protected namespace names: the system namespaces, the release namespace, the configured ones. */}}
{{- define "ephemeral-ns.protectedList" -}}
{{- $l := list "kube-system" "kube-public" "kube-node-lease" "default" .Release.Namespace -}}
{{- range .Values.ciNamespaces.protected }}{{ $l = append $l . }}{{ end -}}
{{- $l | uniq | toJson -}}
{{- end -}}

{{/* The selector in string form (ephemeral-ns.selector): k=v, k in (a,b), k notin (a,b), k, !k. */}}
{{- define "ephemeral-ns.selectorString" -}}
{{- $terms := list -}}
{{- $sel := .Values.ciNamespaces.selector -}}
{{- range $k := keys ($sel.matchLabels | default dict) | sortAlpha }}
{{- $terms = append $terms (printf "%s=%s" $k (index $sel.matchLabels $k)) -}}
{{- end -}}
{{- range ($sel.matchExpressions | default list) }}
{{- if eq .operator "In" }}{{ $terms = append $terms (printf "%s in (%s)" .key (join "," .values)) }}
{{- else if eq .operator "NotIn" }}{{ $terms = append $terms (printf "%s notin (%s)" .key (join "," .values)) }}
{{- else if eq .operator "Exists" }}{{ $terms = append $terms .key }}
{{- else if eq .operator "DoesNotExist" }}{{ $terms = append $terms (printf "!%s" .key) }}
{{- end }}
{{- end -}}
{{- join "," $terms -}}
{{- end -}}

{{/*
CEL: is <var> (object or oldObject) a CI namespace? The selector matches, or the product's managed label is set,
or (opt-in) the name matches ephemeral-ns.name-pattern. Label keys and values are quoted with toJson.
The three parts are helpers of their own (celSelector, celManaged, celNamePattern) so that the admission policies
(templates/admission-policies.yaml) can ask the narrower questions with the same compiled selector.
*/}}
{{- define "ephemeral-ns.celIsCi" -}}
{{- $alts := list (include "ephemeral-ns.celSelector" .) (include "ephemeral-ns.celManaged" .) -}}
{{- with include "ephemeral-ns.celNamePattern" . }}{{ $alts = append $alts . }}{{ end -}}
{{- join " || " $alts -}}
{{- end -}}

{{/* CEL: do the labels of <var> match ciNamespaces.selector? (parenthesised) */}}
{{- define "ephemeral-ns.celSelector" -}}
{{- $o := .var -}}
{{- $L := printf "%s.metadata.labels" $o -}}
{{- $has := printf "has(%s)" $L -}}
{{- $terms := list -}}
{{- $sel := .root.Values.ciNamespaces.selector -}}
{{- range $k := keys ($sel.matchLabels | default dict) | sortAlpha }}
{{- $terms = append $terms (printf "(%s && %s in %s && %s[%s] == %s)" $has (toJson $k) $L $L (toJson $k) (toJson (toString (index $sel.matchLabels $k)))) -}}
{{- end -}}
{{- range ($sel.matchExpressions | default list) }}
{{- $key := toJson .key }}
{{- if eq .operator "In" }}{{ $terms = append $terms (printf "(%s && %s in %s && %s[%s] in %s)" $has $key $L $L $key (toJson .values)) }}
{{- else if eq .operator "NotIn" }}{{ $terms = append $terms (printf "(!%s || !(%s in %s) || !(%s[%s] in %s))" $has $key $L $L $key (toJson .values)) }}
{{- else if eq .operator "Exists" }}{{ $terms = append $terms (printf "(%s && %s in %s)" $has $key $L) }}
{{- else if eq .operator "DoesNotExist" }}{{ $terms = append $terms (printf "(!%s || !(%s in %s))" $has $key $L) }}
{{- end }}
{{- end -}}
{{- printf "(%s)" (join " && " $terms) -}}
{{- end -}}

{{/* CEL: does <var> carry the product's label ephemeral-ns.io/managed=true? (parenthesised) */}}
{{- define "ephemeral-ns.celManaged" -}}
{{- $L := printf "%s.metadata.labels" .var -}}
{{- printf "(has(%s) && \"ephemeral-ns.io/managed\" in %s && %s[\"ephemeral-ns.io/managed\"] == \"true\")" $L $L $L -}}
{{- end -}}

{{/* CEL: does the name of <var> match ciNamespaces.namePattern? Empty when the pattern is off. */}}
{{- define "ephemeral-ns.celNamePattern" -}}
{{- with .root.Values.ciNamespaces.namePattern }}
{{- printf "(has(%s.metadata.name) && %s.metadata.name.matches(%s))" $.var $.var (toJson .) -}}
{{- end -}}
{{- end -}}

{{/*
CEL: does <var> (object or oldObject) carry a label or annotation under ephemeral-ns.io/ (a product key)?
*/}}
{{- define "ephemeral-ns.celHasProductKey" -}}
{{- $o := .var -}}
(has({{ $o }}.metadata.labels) && {{ $o }}.metadata.labels.exists(k, k.startsWith("ephemeral-ns.io/"))) || (has({{ $o }}.metadata.annotations) && {{ $o }}.metadata.annotations.exists(k, k.startsWith("ephemeral-ns.io/")))
{{- end -}}

{{/*
CEL: do the labels or annotations of object differ from oldObject's (false at CREATE)? An absent map equals an
empty one. The namespace controller's finalize and status updates of a terminating namespace change neither.
*/}}
{{- define "ephemeral-ns.celMetadataChanged" -}}
oldObject != null && ((has(object.metadata.labels) ? object.metadata.labels : {}) != (has(oldObject.metadata.labels) ? oldObject.metadata.labels : {}) || (has(object.metadata.annotations) ? object.metadata.annotations : {}) != (has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {}))
{{- end -}}

{{/* Shared settings as environment variables (Quarkus maps EPHEMERAL_NS_SELECTOR to ephemeral-ns.selector). */}}
{{- define "ephemeral-ns.sharedEnv" -}}
{{- $c := .Values.ciNamespaces -}}
- name: EPHEMERAL_NS_SELECTOR
  value: {{ include "ephemeral-ns.selectorString" . | quote }}
{{- with $c.namePattern }}
- name: EPHEMERAL_NS_NAME_PATTERN
  value: {{ . | quote }}
{{- end }}
- name: EPHEMERAL_NS_PROTECTED
  value: {{ include "ephemeral-ns.protectedList" . | fromJsonArray | join "," | quote }}
- name: EPHEMERAL_NS_OWN_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: EPHEMERAL_NS_TTL_LABEL
  value: {{ $c.ttlLabel | quote }}
- name: EPHEMERAL_NS_KEEP_LABEL
  value: {{ $c.keepLabel | quote }}
- name: EPHEMERAL_NS_MIN_TTL
  value: {{ $c.minTtl | quote }}
- name: EPHEMERAL_NS_MAX_TTL
  value: {{ $c.maxTtl | quote }}
{{- with $c.defaultTtl }}
- name: EPHEMERAL_NS_DEFAULT_TTL
  value: {{ . | quote }}
{{- end }}
- name: EPHEMERAL_NS_KEEP_FOR
  value: {{ $c.keepFor | quote }}
- name: EPHEMERAL_NS_MAX_LIFETIME
  value: {{ $c.maxLifetime | quote }}
- name: EPHEMERAL_NS_FALLBACK_TTL
  value: {{ $c.fallbackTtl | quote }}
- name: EPHEMERAL_NS_LABEL_WINDOW
  value: {{ $c.labelWindow | quote }}
{{- end -}}

{{/* Restricted pod security: non-root, read-only root filesystem, no privilege escalation, no capabilities. */}}
{{- define "ephemeral-ns.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end -}}
{{- define "ephemeral-ns.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Seconds of a duration like 60s, 5m, 1h30m, 7d, 2w. */}}
{{- define "ephemeral-ns.seconds" -}}
{{- $total := 0 -}}
{{- $mult := dict "s" 1 "m" 60 "h" 3600 "d" 86400 "w" 604800 -}}
{{- range regexFindAll "[0-9]+[smhdw]" (toString .) -1 -}}
{{- $n := trimSuffix (substr (sub (len .) 1 | int) (len .) .) . | atoi -}}
{{- $total = add $total (mul $n (index $mult (substr (sub (len .) 1 | int) (len .) .))) -}}
{{- end -}}
{{- $total -}}
{{- end -}}

{{/* clientConfig of one webhook: the in-cluster Service, or webhook.clientConfig.url + path. */}}
{{- define "ephemeral-ns.clientConfig" -}}
clientConfig:
  {{- if .w.clientConfig.url }}
  url: {{ printf "%s%s" (trimSuffix "/" .w.clientConfig.url) .path | quote }}
  {{- else }}
  service:
    name: {{ .svc }}
    namespace: {{ .ns }}
    path: {{ .path }}
    port: 443
  {{- end }}
  {{- if .caBundle }}
  caBundle: {{ .caBundle }}
  {{- end }}
{{- end -}}

{{/*
webhook.janitorAccess resolved: auto is "finalizer" when a janitor runs in the cluster and repairs stuck namespaces
(it releases the finalizer last) or captures them before deletion (janitor.capture reads through the binding), else "off" (no janitor to use the binding, and none to release its finalizer).
*/}}
{{- define "ephemeral-ns.janitorAccess" -}}
{{- $a := .Values.webhook.janitorAccess | default "auto" -}}
{{- if eq $a "auto" -}}
{{- if and .Values.janitor.enabled (or (ne .Values.janitor.stuck.repair "report") .Values.janitor.capture.enabled) }}finalizer{{ else }}off{{ end -}}
{{- else -}}
{{- $a -}}
{{- end -}}
{{- end -}}
