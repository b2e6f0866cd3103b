{{- define "salience.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "salience.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "salience.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "salience.secretName" -}}
{{- default (include "salience.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "salience.claimName" -}}
{{- default (printf "%s-data" (include "salience.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}


{{/*
Several pods (split, or more than one replica) must see the same checkpoints: either one volume
every pod mounts (ReadWriteMany) or checkpoints in S3 with a volume of each pod's own (emptyDir).
A ReadWriteOnce claim would leave every pod but the first unscheduled on other nodes.
*/}}
{{- define "salience.checkSharedVolume" -}}
{{- $several := or (eq .Values.mode "split") (gt (int .Values.replicaCount) 1) -}}
{{- if $several -}}
{{- if and (gt (int .Values.replicaCount) 1) (eq .Values.mode "all") (not .Values.database.url) -}}
{{- fail "replicaCount above 1 needs PostgreSQL: set database.url (the embedded H2 cannot be shared between pods)" -}}
{{- end -}}
{{- if .Values.persistence.enabled -}}
{{- if and (not .Values.persistence.existingClaim) (not (has "ReadWriteMany" .Values.persistence.accessModes)) -}}
{{- fail "several pods share the /data volume: set persistence.accessModes={ReadWriteMany}, or with artifacts.type=s3 set persistence.enabled=false (each pod then keeps its own emptyDir)" -}}
{{- end -}}
{{- else if ne .Values.artifacts.type "s3" -}}
{{- fail "several pods with persistence.enabled=false need artifacts.type=s3: checkpoints on each pod's own emptyDir would not reach the others" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A component's selector labels: the release's, plus its role. */}}
{{- define "salience.componentLabels" -}}
{{ include "salience.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/*
One Deployment of the service in a role. Arguments (a dict): root (the chart's context), role
(all, api or worker), name, replicas, resources, gpu (whether it gets the GPU and its scheduling).
*/}}
{{- define "salience.deployment" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "salience.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
spec:
  {{- if not (and (eq .role "api") $values.api.autoscaling.enabled) }}
  replicas: {{ .replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "salience.componentLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "salience.componentLabels" . | nindent 8 }}
      annotations:
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if ne .role "api" }}
      terminationGracePeriodSeconds: {{ $values.worker.terminationGracePeriodSeconds }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        fsGroup: 999
      containers:
        - name: salience
          image: "{{ $values.image.repository }}:{{ ternary $values.image.gpuTag $values.image.tag .gpu }}"
          imagePullPolicy: {{ $values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ $values.javaOptions | quote }}
            - name: SALIENCE_ROLE
              value: {{ .role | quote }}
            - name: SALIENCE_STORAGE_DIR
              value: /data
            - name: SALIENCE_TRAINING_INSTANCE_ID
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: SALIENCE_TRAINING_MAX_CONCURRENT_JOBS
              value: {{ $values.training.maxConcurrentJobs | quote }}
            - name: SALIENCE_TRAINING_DATA_WORKERS
              value: {{ $values.training.dataWorkers | quote }}
            - name: SALIENCE_ENGINE_DEVICE
              value: {{ ternary "gpu" "cpu" .gpu | quote }}
            - name: SALIENCE_SECURITY_PROTECT_READS
              value: {{ $values.security.protectReads | quote }}
            - name: SALIENCE_SECURITY_API_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ include "salience.secretName" $root }}
                  key: api-key
            {{- if $values.database.url }}
            - name: SPRING_PROFILES_ACTIVE
              value: postgres
            - name: SALIENCE_DB_URL
              value: {{ $values.database.url | quote }}
            - name: SALIENCE_DB_USER
              value: {{ $values.database.username | quote }}
            - name: SALIENCE_DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "salience.secretName" $root }}
                  key: database-password
            {{- end }}
            - name: SALIENCE_ARTIFACTS_TYPE
              value: {{ $values.artifacts.type | quote }}
            - name: SALIENCE_ARTIFACTS_CACHE_MEGABYTES
              value: {{ $values.artifacts.cacheMegabytes | quote }}
            {{- if eq $values.artifacts.type "s3" }}
            - name: SALIENCE_ARTIFACTS_S3_BUCKET
              value: {{ required "artifacts.s3.bucket is required with artifacts.type s3" $values.artifacts.s3.bucket | quote }}
            - name: SALIENCE_ARTIFACTS_S3_PREFIX
              value: {{ $values.artifacts.s3.prefix | quote }}
            {{- with $values.artifacts.s3.endpoint }}
            - name: SALIENCE_ARTIFACTS_S3_ENDPOINT
              value: {{ . | quote }}
            {{- end }}
            - name: SALIENCE_ARTIFACTS_S3_REGION
              value: {{ $values.artifacts.s3.region | quote }}
            - name: SALIENCE_ARTIFACTS_S3_PATH_STYLE
              value: {{ $values.artifacts.s3.pathStyle | quote }}
            {{- if $values.artifacts.s3.accessKey }}
            - name: SALIENCE_ARTIFACTS_S3_ACCESS_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ include "salience.secretName" $root }}
                  key: s3-access-key
            - name: SALIENCE_ARTIFACTS_S3_SECRET_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ include "salience.secretName" $root }}
                  key: s3-secret-key
            {{- end }}
            {{- end }}
            {{- with $values.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: {{ $values.probes.startup.periodSeconds }}
            failureThreshold: {{ $values.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: {{ $values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: {{ $values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $values.probes.readiness.failureThreshold }}
          resources:
            {{- $resources := deepCopy .resources }}
            {{- if .gpu }}
            {{- $limits := default dict $resources.limits }}
            {{- $_ := set $limits "nvidia.com/gpu" $values.gpu.count }}
            {{- $_ := set $resources "limits" $limits }}
            {{- end }}
            {{- toYaml $resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: data
          {{- if $values.persistence.enabled }}
          persistentVolumeClaim:
            claimName: {{ include "salience.claimName" $root }}
          {{- else }}
          emptyDir: {}
          {{- end }}
      {{- $nodeSelector := deepCopy $values.nodeSelector }}
      {{- if .gpu }}
      {{- $nodeSelector = merge $nodeSelector $values.gpu.nodeSelector }}
      {{- end }}
      {{- with $nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $tolerations := $values.tolerations }}
      {{- if .gpu }}
      {{- $tolerations = concat $values.tolerations $values.gpu.tolerations }}
      {{- end }}
      {{- with $tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
