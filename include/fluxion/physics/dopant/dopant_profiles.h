#ifndef fluxion_physics_dopant_dopant_profiles_h
#define fluxion_physics_dopant_dopant_profiles_h

#include <deal.II/base/mpi_remote_point_evaluation.h>
#include <deal.II/base/point.h>

#include <fluxion/core/parsed_expression.h>
#include <fluxion/postprocess/interface.h>

#include <map>
#include <memory>

#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Process results of the dopant diffusion physics, along a depth line
   * from the surface into the substrate (in 2D and 3D at the lateral
   * position <Profile position>):
   *
   * - the temperature, and per dopant the dose (cm^-2: the integral over
   *   the domain per unit surface area) and its change since the start
   *   (changes below 1e-12 of the dose, round-off, count as 0), the
   *   mean surface concentration and
   *   the smallest concentration (cm^-3), now ("min X") and over all
   *   postprocessed steps so far ("lowest X");
   * - the depth of the first metallurgical junction below the surface,
   *   where the net doping N_D - N_A changes sign against the background
   *   (0 when there is none);
   * - the sheet resistance of the layer above that junction (or of the
   *   whole depth when there is none), 1 / (q int mu(N_tot) |N_net| dx),
   *   with full ionisation and the majority carrier's mobility (Masetti or
   *   Caughey-Thomas);
   * - on output steps, depth_profile.csv and depth_profile-NNNNN.csv
   *   (depth in um, every dopant and the net doping in cm^-3);
   * - with <Exact profiles>, the relative L2 error of each dopant along the
   *   line ("error X").
   */
  template <int dim>
  class DopantProfiles : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    /** The doses at the first step, the lowest values so far and the file
     * counter. */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

    ~DopantProfiles() override;

  private:
    unsigned int        n_points = 2001;
    std::vector<double> lateral_position;
    std::string         electron_mobility;
    bool                caughey_thomas = false;
    // The doses at the first call, for "dose change X".
    std::vector<double> first_dose;
    std::vector<double> lowest;
    unsigned int        count = 0;
    // The point lookup is kept while the mesh does not change.
    std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> rpe;
    std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> rpe_lateral;
    double                      lateral_depth_um = 0;
    bool                        mesh_changed     = true;
    boost::signals2::connection mesh_signal;
    std::map<std::string, std::unique_ptr<ParsedExpression<dim>>> exact;
  };
} // namespace Fluxion

#endif
