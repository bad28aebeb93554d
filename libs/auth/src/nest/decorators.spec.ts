import { Controller, Get } from '@nestjs/common';
import { Roles, REQUIRED_ROLES } from '#auth';

const extensions = (method: unknown) => Reflect.getMetadata('swagger/apiExtension', method as object) as Record<string, unknown> | undefined;

@Roles('negotiator', 'admin')
@Controller('probe')
class ProbeController {
  @Get('any')
  any() {}

  @Roles('admin')
  @Get('admin')
  admin() {}
}

describe('@Roles', () => {
  it('records the roles for the guard, the route over the controller', () => {
    expect(Reflect.getMetadata(REQUIRED_ROLES, ProbeController)).toEqual(['negotiator', 'admin']);
    expect(Reflect.getMetadata(REQUIRED_ROLES, ProbeController.prototype.admin)).toEqual(['admin']);
    expect(Reflect.getMetadata(REQUIRED_ROLES, ProbeController.prototype.any)).toBeUndefined();
  });

  it('documents the roles that apply to each route', () => {
    expect(extensions(ProbeController.prototype.any)).toEqual({ 'x-required-roles': ['negotiator', 'admin'] });
    expect(extensions(ProbeController.prototype.admin)).toEqual({ 'x-required-roles': ['admin'] });
  });
});
