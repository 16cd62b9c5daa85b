{{/* The prefix of every object: <release>-spatialme-farm (docs/kubernetes-chart.md names them). */}}
{{- define "farm.fullname" -}}
{{- printf "%s-spatialme-farm" .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- end -}}

{{- define "farm.selectorLabels" -}}
app.kubernetes.io/name: spatialme-farm
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "farm.labels" -}}
{{ include "farm.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "farm.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "farm.cudaImage" -}}
{{- printf "%s:%s%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) .Values.image.cudaTagSuffix -}}
{{- end -}}

{{/* The Secret that holds the API token (key api-token). */}}
{{- define "farm.apiTokenSecret" -}}
{{- if .Values.apiToken.existingSecret -}}
{{- .Values.apiToken.existingSecret -}}
{{- else if .Values.apiToken.value -}}
{{- printf "%s-api-token" (include "farm.fullname" .) -}}
{{- else -}}
{{- fail "apiToken: set apiToken.existingSecret (a Secret with key api-token) or apiToken.value" -}}
{{- end -}}
{{- end -}}

{{/* Checks the choices that the schema cannot express; fails naming the value to set. */}}
{{- define "farm.validate" -}}
{{- $external := .Values.redis.external.existingSecret -}}
{{- if and $external .Values.redis.inChart.enabled -}}
{{- fail "redis: set either redis.external.existingSecret or redis.inChart.enabled, not both" -}}
{{- end -}}
{{- if not (or $external .Values.redis.inChart.enabled) -}}
{{- fail "redis: set redis.external.existingSecret (a Secret with the connection string) or redis.inChart.enabled=true" -}}
{{- end -}}
{{- if not .Values.blob.accountUrl -}}
{{- fail "blob.accountUrl: set the storage account's blob endpoint (https://<account>.blob.core.windows.net)" -}}
{{- end -}}
{{- if and .Values.blob.connectionString.existingSecret .Values.blob.workloadIdentity.enabled -}}
{{- fail "blob: set either blob.connectionString.existingSecret or blob.workloadIdentity.enabled, not both" -}}
{{- end -}}
{{- if not (or .Values.blob.connectionString.existingSecret .Values.blob.workloadIdentity.enabled) -}}
{{- fail "blob: set blob.connectionString.existingSecret (a Secret with the connection string) or blob.workloadIdentity.enabled=true" -}}
{{- end -}}
{{- if and .Values.blob.workloadIdentity.enabled (not .Values.blob.workloadIdentity.clientId) -}}
{{- fail "blob.workloadIdentity.clientId: set the client id of the identity federated with the chart's ServiceAccount" -}}
{{- end -}}
{{- if and .Values.web.ingress.enabled (not .Values.web.ingress.host) -}}
{{- fail "web.ingress.host: set the host name the Ingress serves" -}}
{{- end -}}
{{- if and .Values.web.ingress.tls.enabled (not .Values.web.ingress.tls.secretName) -}}
{{- fail "web.ingress.tls.secretName: set the Secret that holds the certificate" -}}
{{- end -}}
{{- $names := dict -}}
{{- range .Values.gpuPools -}}
{{- if hasKey $names .name -}}
{{- fail (printf "gpuPools: the pool name %q is used twice" .name) -}}
{{- end -}}
{{- $_ := set $names .name true -}}
{{- end -}}
{{- if eq (len .Values.gpuPools) 0 -}}
{{- fail "gpuPools: list at least one GPU pool (depth and render work runs only on GPU silos)" -}}
{{- end -}}
{{- end -}}

{{/* The Redis connection: from the external Secret, or the in-chart Service. */}}
{{- define "farm.redisEnv" -}}
- name: SPATIALME_REDIS
{{- if .Values.redis.inChart.enabled }}
  value: {{ printf "%s-redis:6379" (include "farm.fullname" .) | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.external.existingSecret }}
      key: {{ .Values.redis.external.key }}
{{- end }}
{{- end -}}

{{/* Environment every farm process shares: Redis, blob credentials, the ConfigMap's settings, the work folder. */}}
{{- define "farm.commonEnv" -}}
{{ include "farm.redisEnv" . }}
{{- if .Values.blob.workloadIdentity.enabled }}
- name: SPATIALME_BLOB_ACCOUNT_URL
  value: {{ .Values.blob.accountUrl | quote }}
{{- else }}
- name: SPATIALME_BLOB
  valueFrom:
    secretKeyRef:
      name: {{ .Values.blob.connectionString.existingSecret }}
      key: {{ .Values.blob.connectionString.key }}
{{- end }}
- name: SPATIALME_CONFIG
  value: /etc/spatialme/farm.json
- name: SPATIALME_WORK
  value: /scratch/work
- name: HOME
  value: /scratch
- name: TMPDIR
  value: /scratch
{{- end -}}

{{/* The URI of the media store container. */}}
{{- define "farm.mediaUri" -}}
{{- printf "%s/%s" (trimSuffix "/" .Values.blob.accountUrl) .Values.blob.containers.media -}}
{{- end -}}

{{- define "farm.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "farm.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Pod-level settings every farm pod shares. */}}
{{- define "farm.podCommon" -}}
serviceAccountName: {{ include "farm.fullname" . }}
automountServiceAccountToken: false
securityContext:
  {{- include "farm.podSecurityContext" . | nindent 2 }}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Scratch and config volumes: an emptyDir for the work folder, HOME and TMPDIR (the root filesystem is read-only). */}}
{{- define "farm.volumes" -}}
- name: scratch
  emptyDir:
    sizeLimit: {{ .sizeLimit }}
- name: config
  configMap:
    name: {{ include "farm.fullname" .root }}
{{- end -}}

{{- define "farm.volumeMounts" -}}
- name: scratch
  mountPath: /scratch
- name: config
  mountPath: /etc/spatialme
  readOnly: true
{{- end -}}

{{/* Labels that mark pods for workload identity (the webhook injects the token). */}}
{{- define "farm.identityLabels" -}}
{{- if .Values.blob.workloadIdentity.enabled -}}
azure.workload.identity/use: "true"
{{- end -}}
{{- end -}}
