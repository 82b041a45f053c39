import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PROVIDERS } from '@scimflow/providers';
import { ProviderDto } from './dto/provider.dto';
import { ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Providers')
@ManagementAccess('any-session')
@Controller('api/v1/providers')
export class ProvidersController {
  @Get()
  @ApiOperation({ summary: 'The identity providers a directory can be created for, with their setup steps.' })
  @ApiOkResponse({ type: [ProviderDto] })
  list(): ProviderDto[] {
    return PROVIDERS.map((provider) => ({
      id: provider.id,
      name: provider.name,
      description: provider.description,
      setupSteps: [...provider.setupSteps],
    }));
  }
}
