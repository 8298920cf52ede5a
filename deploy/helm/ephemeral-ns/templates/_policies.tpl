{{/* CEL building blocks of the ValidatingAdmissionPolicies (templates/admission-policies.yaml). */}}

{{/* The product's key prefix: every ephemeral-ns.io/ label and annotation on a namespace belongs to the product. */}}
{{- define "ephemeral-ns.productPrefix" -}}ephemeral-ns.io/{{- end -}}

{{/* Usernames of the product's ServiceAccounts: system:serviceaccount:<release namespace>:<name>. */}}
{{- define "ephemeral-ns.janitorUser" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "ephemeral-ns.janitorName" .) -}}
{{- end -}}
{{- define "ephemeral-ns.webhookUser" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "ephemeral-ns.webhookName" .) -}}
{{- end -}}

{{/*
Variables every namespace policy declares: the namespace's labels and annotations before (old*) and after (new*)
the request, as maps that are empty when the object (CREATE: oldObject, DELETE: object) or the field is absent,
so that the comparisons below never fail on a missing field.
*/}}
{{- define "ephemeral-ns.celMetadataVariables" -}}
- name: newLabels
  expression: 'object != null && has(object.metadata.labels) ? object.metadata.labels : {}'
- name: oldLabels
  expression: 'oldObject != null && has(oldObject.metadata.labels) ? oldObject.metadata.labels : {}'
- name: newAnnotations
  expression: 'object != null && has(object.metadata.annotations) ? object.metadata.annotations : {}'
- name: oldAnnotations
  expression: 'oldObject != null && has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {}'
{{- end -}}

{{/*
CEL: two string maps (new, old: CEL expressions) hold the same entries, apart from keys for which <skip> (a CEL
predicate on k; empty = none) holds: none added, none removed, none changed.
*/}}
{{- define "ephemeral-ns.celEntriesUnchanged" -}}
{{- if .skip -}}
{{- printf "%s.all(k, %s || (k in %s && %s[k] == %s[k])) && %s.all(k, %s || k in %s)" .new .skip .old .old .new .old .skip .new -}}
{{- else -}}
{{- printf "%s == %s" .new .old -}}
{{- end -}}
{{- end -}}

{{/*
CEL: a namespace update changed nothing but the product's keys of the given kinds. Params: root, labels (bool: may
ephemeral-ns.io/ labels change), annotations (bool: may ephemeral-ns.io/ annotations change), labelKeys (optional
list: these label keys may change even when labels is false). The finalizers and
owner references of the namespace must stay as they were; spec and status cannot change through the main
resource anyway (the API server keeps the old ones).
*/}}
{{- define "ephemeral-ns.celOnlyProductKeysChanged" -}}
{{- $product := printf "k.startsWith(%s)" (toJson (include "ephemeral-ns.productPrefix" .root)) -}}
{{- $terms := list -}}
{{- $labelSkip := ternary $product "" .labels -}}
{{- if and (not .labels) .labelKeys }}{{ $labelSkip = printf "k in %s" (toJson .labelKeys) }}{{ end -}}
{{- $terms = append $terms (include "ephemeral-ns.celEntriesUnchanged" (dict "new" "variables.newLabels" "old" "variables.oldLabels" "skip" $labelSkip)) -}}
{{- $terms = append $terms (include "ephemeral-ns.celEntriesUnchanged" (dict "new" "variables.newAnnotations" "old" "variables.oldAnnotations" "skip" (ternary $product "" .annotations))) -}}
{{- $terms = append $terms "(has(object.metadata.finalizers) ? object.metadata.finalizers : []) == (has(oldObject.metadata.finalizers) ? oldObject.metadata.finalizers : [])" -}}
{{- $terms = append $terms "(has(object.metadata.ownerReferences) ? object.metadata.ownerReferences : []) == (has(oldObject.metadata.ownerReferences) ? oldObject.metadata.ownerReferences : [])" -}}
{{- join " && " $terms -}}
{{- end -}}

{{/* The label keys the CI selector reads (matchLabels and matchExpressions), as a JSON list. */}}
{{- define "ephemeral-ns.selectorKeys" -}}
{{- $sel := .Values.ciNamespaces.selector -}}
{{- $keys := keys ($sel.matchLabels | default dict) -}}
{{- range ($sel.matchExpressions | default list) }}{{ $keys = append $keys .key }}{{ end -}}
{{- $keys | uniq | sortAlpha | toJson -}}
{{- end -}}

{{/*
CEL (variables.protected, variables.ci) for the namespace the janitor's request is about. The janitor acts on a
namespace only if it carries ephemeral-ns.io/managed=true (janitor.requireAdmission, on by default), or with
janitor.requireAdmission=false also when it carries the selector's labels: the same scope as the janitor's own
janitor.require-admission setting. ciNamespaces.namePattern never counts: it is the webhook's, not the janitor's.
Param: root, var.
*/}}
{{- define "ephemeral-ns.celJanitorScope" -}}
{{- $requireAdmission := dig "requireAdmission" true .root.Values.janitor -}}
{{- if $requireAdmission -}}
{{- include "ephemeral-ns.celManaged" (dict "var" .var "root" .root) -}}
{{- else -}}
{{- printf "%s || %s" (include "ephemeral-ns.celManaged" (dict "var" .var "root" .root)) (include "ephemeral-ns.celSelector" (dict "var" .var "root" .root)) -}}
{{- end -}}
{{- end -}}

{{/*
A policy restricting one of the product's ServiceAccounts to writing namespaced objects only inside CI namespaces
(not protected, and namespaceObject satisfies <ci>, CEL), plus named exceptions. Params: root, name (policy name),
who (janitor or webhook: the component), user (username), ci, ciWhat (ci in words), exceptions (list of dict name,
expression, what).
*/}}
{{- define "ephemeral-ns.objectsPolicy" -}}
{{- $root := .root -}}
{{- $protected := include "ephemeral-ns.protectedList" $root -}}
{{- $allowed := list "variables.inCiNamespace" -}}
{{- $whats := list -}}
{{- range .exceptions }}{{ $allowed = append $allowed (printf "variables.%s" .name) }}{{ $whats = append $whats .what }}{{ end -}}
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: {{ .name }}
  labels:
    {{- include "ephemeral-ns.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .who }}
spec:
  # CEL runs inside the API server: there is nothing that can be down, so an error refuses.
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["*"]
        apiVersions: ["*"]
        operations: ["*"]
        resources: ["*/*"]
        scope: Namespaced
  matchConditions:
    - name: is-the-{{ .who }}
      expression: {{ printf "request.userInfo.username == %s" (toJson .user) | quote }}
  variables:
    - name: inCiNamespace
      expression: {{ printf "namespaceObject != null && !(namespaceObject.metadata.name in %s) && (%s)" $protected .ci | quote }}
    {{- range .exceptions }}
    - name: {{ .name }}
      expression: {{ .expression | quote }}
    {{- end }}
  validations:
    - expression: {{ join " || " $allowed | quote }}
      messageExpression: {{ printf "%s + request.resource.resource + (has(request.name) ? \" \" + request.name : \"\") + \" in namespace \" + request.namespace + %s" (toJson (printf "ephemeral-ns policy: the %s's account writes objects only in CI namespaces (%s, not protected)%s; refused: " .who .ciWhat (ternary "" (printf " and %s" (join ", " $whats)) (empty $whats)))) (toJson ", which is not a CI namespace") | quote }}
      reason: Forbidden
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: {{ .name }}
  labels:
    {{- include "ephemeral-ns.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .who }}
spec:
  policyName: {{ .name }}
  validationActions: [Deny]
{{- end -}}
