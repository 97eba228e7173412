// Audit Loop on Azure: the bot container on Container Apps, its Azure Bot registration with the Teams channel,
// PostgreSQL Flexible Server, Key Vault for the two secrets, and Log Analytics. Deploy into one resource group:
//   az deployment group create -g <rg> -f infra/main.bicep -p @infra/main.parameters.json
// See docs/deploy.md for the whole path from an empty subscription to the app installed in Teams.

targetScope = 'resourceGroup'

@description('Short lower-case prefix for resource names, e.g. auditloop.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'auditloop'

@description('Region for everything except the Azure Bot registration, which is global.')
param location string = resourceGroup().location

@description('Client (application) id of the single-tenant Entra app registration the bot signs in as.')
param botAppId string

@description('Client secret of that app registration; stored in Key Vault, never in the container definition.')
@secure()
param botClientSecret string

@description('Entra tenant that owns the app registration.')
param tenantId string = subscription().tenantId

@description('Name of an existing Azure Container Registry in this resource group holding the image.')
param registryName string

@description('Image to run, as repository:tag within that registry, e.g. auditloop:1.0.0.')
param imageName string = 'auditloop:latest'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'auditloop_admin'

@description('PostgreSQL administrator password; it is stored in Key Vault inside DATABASE_URL.')
@secure()
param postgresAdminPassword string

@description('PostgreSQL Flexible Server SKU; Burstable B1ms is enough for one council\'s programme.')
param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('Replicas always running. Two or more is safe: the outbox claims rows with FOR UPDATE SKIP LOCKED and scheduled steps are unique per period.')
@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 4

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier. Teams is a standard channel, so F0 carries Teams traffic without a message cap.')
param botSku string = 'F0'

param tags object = {
  app: 'audit-loop'
}

var suffix = uniqueString(resourceGroup().id)
var containerAppName = '${namePrefix}-bot'
var keyVaultName = take('kv-${namePrefix}-${suffix}', 24)
var postgresServerName = '${namePrefix}-pg-${suffix}'
var databaseName = 'auditloop'
var port = 3978

// Built-in role definitions.
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var acrPullRole = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRole)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is Azure's convention for "services inside Azure", which is how Container Apps reach the server
// without a virtual network. Put both in a VNet with private access to close the public endpoint entirely.
resource postgresAzureAccess 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-client-secret'
  properties: {
    value: botClientSecret
    contentType: 'Entra app client secret for ${botAppId}'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
    contentType: 'PostgreSQL connection string'
  }
}

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource containerEnv 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// The app's public host is known before the app exists, so the container can be told its own name (for the tab's
// SSO resource and links) without a dependency cycle.
var publicHost = '${containerAppName}.${containerEnv.properties.defaultDomain}'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: containerAppName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: containerEnv.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      // Secrets are references: Container Apps reads them from Key Vault with the managed identity.
      secrets: [
        {
          name: 'bot-client-secret'
          keyVaultUrl: botSecret.properties.secretUri
          identity: identity.id
        }
        {
          name: 'database-url'
          keyVaultUrl: databaseUrlSecret.properties.secretUri
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'auditloop'
          image: '${registry.properties.loginServer}/${imageName}'
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'NODE_ENV', value: 'production' }
            { name: 'PORT', value: string(port) }
            { name: 'BOT_DOMAIN', value: publicHost }
            { name: 'MicrosoftAppId', value: botAppId }
            { name: 'MicrosoftAppType', value: 'SingleTenant' }
            { name: 'MicrosoftAppTenantId', value: tenantId }
            { name: 'MicrosoftAppPassword', secretRef: 'bot-client-secret' }
            { name: 'DATABASE_URL', secretRef: 'database-url' }
            // Lets @azure/identity's DefaultAzureCredential pick the user-assigned identity.
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-load'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    registryPull
    vaultSecretsUser
    database
    postgresAzureAccess
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'Audit Loop'
    description: 'Case-file audit programme for children\'s social care'
    endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('Set BOT_DOMAIN to this when running npm run package.')
output botDomain string = app.properties.configuration.ingress.fqdn
output messagingEndpoint string = bot.properties.endpoint
output keyVaultName string = vault.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output identityClientId string = identity.properties.clientId
output botResourceName string = bot.name
