{{/*
One silo Deployment. Called with a dict: root (the chart context), name, component (silo-cpu | silo-gpu), pool
(GPU pools only), role, gpuSlots, gpusPerPod, image, replicas, autoscaled, resources, nodeSelector, tolerations,
scratchSizeLimit.
*/}}
{{- define "farm.siloDeployment" -}}
{{- $root := .root -}}
{{- $ports := $root.Values.siloPorts -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "farm.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
    {{- if .pool }}
    spatialme.farm/pool: {{ .pool }}
    {{- end }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ .replicas }}
  {{- end }}
  # One pod at a time, a new one ready before an old one stops: a rolling upgrade never takes the pool's capacity
  # down, and each stopping silo hands its work back before the next stops.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  minReadySeconds: 10
  selector:
    matchLabels:
      {{- include "farm.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ .component }}
      {{- if .pool }}
      spatialme.farm/pool: {{ .pool }}
      {{- end }}
  template:
    metadata:
      labels:
        {{- include "farm.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
        {{- if .pool }}
        spatialme.farm/pool: {{ .pool }}
        {{- end }}
        spatialme.farm/silo: "true"
        {{- with include "farm.identityLabels" $root }}
        {{- . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    spec:
      {{- include "farm.podCommon" $root | nindent 6 }}
      # SIGTERM starts the silo's graceful stop (it stops taking work and hands its segments back); this is how long
      # Kubernetes waits before SIGKILL.
      terminationGracePeriodSeconds: {{ $root.Values.gracePeriodSeconds }}
      {{- with .nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "farm.selectorLabels" $root | nindent 14 }}
              app.kubernetes.io/component: {{ .component }}
              {{- if .pool }}
              spatialme.farm/pool: {{ .pool }}
              {{- end }}
      containers:
        - name: silo
          image: {{ .image }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["dotnet", "/app/spatialme.dll"]
          args:
            - silo
            - --role
            - {{ .role }}
            - --gpu-slots
            - {{ .gpuSlots | quote }}
            - --media
            - {{ include "farm.mediaUri" $root }}
            - --silo-port
            - {{ $ports.silo | quote }}
            - --gateway-port
            - {{ $ports.gateway | quote }}
            - --metrics
            - {{ printf "http://0.0.0.0:%v" $ports.metrics }}
          env:
            # Other silos reach this one at the pod IP; the silos find each other in Redis's membership table.
            - name: SPATIALME_ADDRESS
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            {{- include "farm.commonEnv" $root | nindent 12 }}
          ports:
            - name: silo
              containerPort: {{ $ports.silo }}
            - name: gateway
              containerPort: {{ $ports.gateway }}
            - name: metrics
              containerPort: {{ $ports.metrics }}
          # The silo's probes beside its metrics: /readyz answers 200 while the silo is an active member of the
          # cluster (not before it has joined, not once it is shutting down); /healthz while the process answers.
          startupProbe:
            httpGet:
              path: /readyz
              port: metrics
            periodSeconds: 5
            failureThreshold: 60
          readinessProbe:
            httpGet:
              path: /readyz
              port: metrics
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz
              port: metrics
            periodSeconds: 20
            failureThreshold: 6
          resources:
            {{- $resources := deepCopy (default dict .resources) }}
            {{- if .gpusPerPod }}
            {{- $limits := default dict $resources.limits }}
            {{- $_ := set $limits "nvidia.com/gpu" .gpusPerPod }}
            {{- $_ := set $resources "limits" $limits }}
            {{- end }}
            {{- toYaml $resources | nindent 12 }}
          securityContext:
            {{- include "farm.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            {{- include "farm.volumeMounts" $root | nindent 12 }}
      volumes:
        {{- include "farm.volumes" (dict "root" $root "sizeLimit" .scratchSizeLimit) | nindent 8 }}
{{- end -}}
