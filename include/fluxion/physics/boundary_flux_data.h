#ifndef fluxion_physics_boundary_flux_data_h
#define fluxion_physics_boundary_flux_data_h

#include <map>
#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * What a physics reports about the flow through its named boundaries, per
   * field (in the order of PhysicsInterface::fields()) and per boundary
   * name:
   *
   * - the total outward flux of each field [amount/s], computed
   *   consistently (from the residual on essential boundaries, from the
   *   prescribed flux on natural ones), so that it balances the change of
   *   the field's amount;
   * - optionally, named parts of that flux (e.g. "diffusive" and
   *   "migrative"), which add up to the total;
   * - optionally, derived boundary quantities that are not the flux of one
   *   field (e.g. an electric current), each named with its unit.
   */
  struct BoundaryFluxData
  {
    /**
     * Per boundary name, a value.
     */
    using PerBoundary = std::map<std::string, double>;

    BoundaryFluxData() = default;

    /**
     * Room for @p n_fields fields, without boundaries yet.
     */
    explicit BoundaryFluxData(const unsigned int n_fields)
      : total(n_fields)
      , parts(n_fields)
    {}

    /**
     * total[field][boundary]: the total outward flux.
     */
    std::vector<PerBoundary> total;

    /**
     * parts[field][part][boundary]: named parts of the outward flux.
     */
    std::vector<std::map<std::string, PerBoundary>> parts;

    /**
     * derived[name][boundary]: boundary quantities derived from the fluxes
     * of several fields (e.g. "current [A]").
     */
    std::map<std::string, PerBoundary> derived;
  };
} // namespace Fluxion

#endif
